import type { DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, notFound, validationError } from '../../platform/errors.js';
import { sm3Hex } from '../../platform/national-crypto.js';
import type { SelfReportedEntry } from '../../profiles/self-reported-section.js';
import { SELF_REPORTED_KIND_LABELS, TRUTH_COMMITMENT, type SelfReportedItem, type SelfReportedKind } from './self-reported.js';
import type { SelfReportedStore } from './self-reported-store.js';

export interface SelfReportedDeps {
  transaction: TransactionRunner;
  store: SelfReportedStore;
  clock: Clock;
  enterpriseUscc(tx: DbOrTrx, enterpriseId: string): Promise<string>;
  /** The profile shows the self_reported section from its next rebuild. */
  markProfileStale(tx: DbOrTrx, usccs: readonly string[]): Promise<void>;
}

export interface NewSelfReported {
  kind: SelfReportedKind;
  title: string;
  content: string;
  /** The enterprise signs TRUTH_COMMITMENT; without it nothing is stored. */
  acceptCommitment: boolean;
}

/**
 * 自愿填报: items an enterprise reports itself, each under a signed commitment to its truth.
 * They form the profile's own self_reported section, which the consent gate shares only under
 * grants that include `self_reported`; no government indicator reads them.
 */
export class SelfReportedService {
  constructor(private readonly deps: SelfReportedDeps) {}

  async add(principal: { enterpriseId: string; userId: string }, input: NewSelfReported): Promise<SelfReportedItem> {
    if (!input.acceptCommitment) {
      throw validationError('COMMITMENT_REQUIRED', '请先签署信息真实性承诺', [{ field: 'acceptCommitment', code: 'required', message: '须签署承诺后才能提交' }]);
    }
    const committedAt = this.deps.clock.now();
    return this.deps.transaction(async (tx) => {
      const uscc = await this.deps.enterpriseUscc(tx, principal.enterpriseId);
      const commitmentSm3 = sm3Hex(JSON.stringify([TRUTH_COMMITMENT, uscc, input.kind, input.title, input.content, principal.userId, committedAt.toISOString()]));
      const fields = { enterpriseId: principal.enterpriseId, kind: input.kind, title: input.title, content: input.content };
      const item = await this.deps.store.insert(tx, { ...fields, uscc, commitmentText: TRUTH_COMMITMENT, committedBy: principal.userId, committedAt, commitmentSm3 });
      if (!item) {
        // The same item reported again (a double click, a retry): one item, not two a bank would count.
        const existing = await this.deps.store.findCurrent(tx, fields);
        const message = `已填报过相同的${SELF_REPORTED_KIND_LABELS[input.kind]}“${input.title}”，无需重复提交`;
        throw conflict('SELF_REPORTED_DUPLICATE', message, [], existing ? { existingId: existing.id } : {});
      }
      await this.deps.markProfileStale(tx, [uscc]);
      return item;
    });
  }

  listOwn(enterpriseId: string): Promise<SelfReportedItem[]> {
    return this.deps.transaction(async (tx) => this.deps.store.current(tx, [await this.deps.enterpriseUscc(tx, enterpriseId)]));
  }

  async withdraw(enterpriseId: string, id: string): Promise<void> {
    await this.deps.transaction(async (tx) => {
      const item = await this.deps.store.withdraw(tx, enterpriseId, id, this.deps.clock.now());
      if (!item) throw notFound('SELF_REPORTED_NOT_FOUND', '未找到该填报信息');
      await this.deps.markProfileStale(tx, [item.uscc]);
    });
  }

  /** The profile service's port: current items by USCC, as the self_reported section shows them. */
  async entries(tx: DbOrTrx, usccs: readonly string[]): Promise<Map<string, SelfReportedEntry[]>> {
    const byUscc = new Map<string, SelfReportedEntry[]>();
    for (const i of await this.deps.store.current(tx, usccs)) {
      const entry = { id: i.id, kindLabel: SELF_REPORTED_KIND_LABELS[i.kind], title: i.title, content: i.content, committedAt: i.committedAt.toISOString() };
      byUscc.set(i.uscc, [...(byUscc.get(i.uscc) ?? []), entry]);
    }
    return byUscc;
  }
}
