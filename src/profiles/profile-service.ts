import type { DbOrTrx } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { MarketEntity } from '../enterprises/market-entity.js';
import type { CreditRecord } from '../ingestion/credit-record.js';
import { shanghaiDate } from '../ingestion/working-calendar.js';
import type { Clock } from '../platform/clock.js';
import { notFound } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import type { CreditProfile } from './credit-profile.js';
import { assembleProfile } from './profile-assembler.js';
import { PROFILE_SCOPES, type ProfileScope } from './profile-scopes.js';
import type { ProfileStore, VersionUsage } from './profile-store.js';

export interface ProfileDeps {
  transaction: TransactionRunner;
  store: ProfileStore;
  clock: Clock;
  logger: Logger;
  /** The records a profile may use on a business date (ingestion: active, within 公示截止期). */
  usableRecords(tx: DbOrTrx, uscc: string, asOf: string): Promise<CreditRecord[]>;
  registerEntry(tx: DbOrTrx, uscc: string): Promise<MarketEntity | undefined>;
  enterpriseUscc(tx: DbOrTrx, enterpriseId: string): Promise<string>;
}

const BACKGROUND_SLICE = 50;

export interface RebuildResult {
  uscc: string;
  version: number;
  /** False when the inputs were unchanged and no new version was written. */
  changed: boolean;
}

/**
 * Credit profiles per USCC. Rebuilt incrementally: ingestion marks a profile stale when one of
 * its records arrives, changes or is repaired; a stale profile is rebuilt in the background
 * and, at the latest, when it is read. A rebuild whose inputs hash equals the current
 * version's writes no new version.
 */
export class ProfileService {
  private draining: Promise<number> | undefined;
  private stopping = false;

  constructor(private readonly deps: ProfileDeps) {}

  private today(): string {
    return shanghaiDate(this.deps.clock.now());
  }

  markStale(tx: DbOrTrx, usccs: readonly string[]): Promise<void> {
    return this.deps.store.markStale(tx, usccs);
  }

  rebuild(uscc: string, reason: string): Promise<RebuildResult> {
    return this.deps.transaction((tx) => this.rebuildIn(tx, uscc, reason));
  }

  private async rebuildIn(tx: DbOrTrx, uscc: string, reason: string): Promise<RebuildResult> {
    const { store } = this.deps;
    const asOf = this.today();
    const head = await store.lockHead(tx, uscc);
    const [records, entity] = [await this.deps.usableRecords(tx, uscc, asOf), await this.deps.registerEntry(tx, uscc)];
    const assembled = assembleProfile({ uscc, asOf, entity, records });
    const current = head.currentVersion > 0 ? await store.version(tx, uscc, head.currentVersion) : undefined;
    if (current && current.inputsHash === assembled.inputsHash) {
      await store.setHead(tx, uscc, { currentVersion: head.currentVersion, staleAfter: assembled.staleAfter });
      return { uscc, version: head.currentVersion, changed: false };
    }
    const version = head.currentVersion + 1;
    await store.insertVersion(
      tx,
      { uscc, version, inputsHash: assembled.inputsHash, asOf, sections: assembled.sections, reason },
      assembled.usedRecordIds,
    );
    await store.setHead(tx, uscc, { currentVersion: version, staleAfter: assembled.staleAfter });
    return { uscc, version, changed: true };
  }

  /** Rebuilds up to `limit` profiles that are stale or past their stale-after date; returns how many. */
  async rebuildDue(limit = 1_000): Promise<number> {
    const usccs = await this.deps.transaction((tx) => this.deps.store.dueForRebuild(tx, this.today(), limit));
    for (const uscc of usccs) {
      if (this.stopping) break;
      await this.rebuild(uscc, 'records_changed');
    }
    return usccs.length;
  }

  /** Starts draining stale profiles unless a drain is already running; failures are logged, reads rebuild anyway. */
  rebuildDueInBackground(): void {
    if (this.draining || this.stopping) return;
    this.draining = (async () => {
      let total = 0;
      while (!this.stopping) {
        const n = await this.rebuildDue(BACKGROUND_SLICE);
        if (n === 0) break;
        total += n;
      }
      return total;
    })();
    this.draining
      .catch((err: unknown) => this.deps.logger.error({ err }, 'background profile rebuild failed'))
      .finally(() => {
        this.draining = undefined;
      });
  }

  /** Waits for a running background drain (tests). */
  async settled(): Promise<void> {
    await this.draining?.catch(() => undefined);
  }

  /** Shutdown: the background drain stops after its current slice; stale profiles rebuild on the next start or read. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.settled();
  }

  /**
   * The current profile, restricted to `scopes`. This is the only read path: the consent gate
   * calls it for institutions after checking their grant; the enterprise reads its own.
   */
  async profileFor(uscc: string, scopes: readonly ProfileScope[] = PROFILE_SCOPES): Promise<CreditProfile> {
    const { store } = this.deps;
    const allowed = new Set(scopes);
    return this.deps.transaction(async (tx) => {
      let head = await store.head(tx, uscc);
      if (!head || head.stale || head.currentVersion === 0 || (head.staleAfter !== null && head.staleAfter <= this.today())) {
        await this.rebuildIn(tx, uscc, head ? 'records_changed' : 'first_read');
        head = (await store.head(tx, uscc))!;
      }
      const profile = await store.version(tx, uscc, head.currentVersion);
      if (!profile) throw notFound('PROFILE_NOT_FOUND', '未找到信用画像');
      return { ...profile, sections: profile.sections.filter((s) => allowed.has(s.scope)) };
    });
  }

  async ownProfile(enterpriseId: string): Promise<CreditProfile> {
    const uscc = await this.deps.transaction((tx) => this.deps.enterpriseUscc(tx, enterpriseId));
    return this.profileFor(uscc);
  }

  versionsUsing(tx: DbOrTrx, recordId: number): Promise<VersionUsage[]> {
    return this.deps.store.versionsUsing(tx, recordId);
  }
}
