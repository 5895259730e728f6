import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import type { BatchReport, IngestRequest } from '../../ingestion/batches/ingestion-service.js';
import { shanghaiDate } from '../../platform/business-date.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, notFound, unprocessable } from '../../platform/errors.js';
import type { Principal } from '../../platform/roles.js';
import type { Commitment, CommitmentKind, CommitmentStatus } from './commitment.js';
import type { CommitmentStore } from './commitment-store.js';

/** The ingestion category a breach is delivered in (the 2024 目录's 信用承诺及履行). */
export const BREACH_CATEGORY = 'commitment_breaches';
const LIST_LIMIT = 200;
/** How long a breach check may hold its claim (the delivery of one row takes seconds). */
const CLAIM_SECONDS = 600;

export interface CommitmentServiceDeps {
  transaction: TransactionRunner;
  store: CommitmentStore;
  clock: Clock;
  institution(tx: DbOrTrx, id: string): Promise<{ name: string; uscc: string } | undefined>;
  /** Refuses a department that may not deliver the category (the admin's 报送权限). */
  assertMayDeliver(institutionId: string, category: string): Promise<void>;
  ingest(request: IngestRequest): Promise<BatchReport>;
  enterpriseUscc(tx: DbOrTrx, enterpriseId: string): Promise<string>;
}

export interface RecordCommitment {
  uscc: string;
  kind: CommitmentKind;
  text: string;
  committedOn: string;
}

export interface CheckCommitment {
  result: 'fulfilled' | 'breached';
  finding: string;
  checkedOn: string;
}

/**
 * 信用承诺: the department that took a commitment registers it and later records whether it was
 * kept. Both need the department's grant for the breach category ("own categories only"), and a
 * department sees and checks only the commitments it took. A breach enters the credit record as
 * a delivery through ingestion from that department (provenance, the catalogue's field rules,
 * the profile rebuild); the check is stored only after the delivery accepted the row, and a
 * repeat after a failure re-sends the same record key, which ingestion counts as unchanged.
 */
export class CommitmentService {
  constructor(private readonly deps: CommitmentServiceDeps) {}

  async record(principal: Principal, input: RecordCommitment): Promise<Commitment> {
    const institutionId = this.department(principal);
    this.notFuture(input.committedOn, 'committedOn', '承诺日期');
    await this.deps.assertMayDeliver(institutionId, BREACH_CATEGORY);
    const number = `XYCN${shanghaiDate(this.deps.clock.now()).replaceAll('-', '')}-${randomBytes(4).toString('hex').toUpperCase()}`;
    return this.deps.transaction((tx) => this.deps.store.insert(tx, { ...input, number, institutionId }));
  }

  /** The department sees the commitments it took; the financial office and the admin see all. */
  list(principal: Principal, filter: { status?: CommitmentStatus; uscc?: string }): Promise<Commitment[]> {
    const institutionId = principal.role === 'data_source' ? principal.institutionId! : undefined;
    return this.deps.transaction((tx) => this.deps.store.list(tx, { ...filter, institutionId }, LIST_LIMIT));
  }

  listOwn(enterpriseId: string): Promise<Commitment[]> {
    return this.deps.transaction(async (tx) => this.deps.store.list(tx, { uscc: await this.deps.enterpriseUscc(tx, enterpriseId) }, LIST_LIMIT));
  }

  /**
   * A breach is delivered between two transactions, under a claim on the commitment: no other
   * check settles it meanwhile (a concurrent 'fulfilled' did, leaving the breach record in the
   * profile of a commitment marked kept). A claim lapses after CLAIM_SECONDS, should the
   * platform stop mid-way; the repeat then re-sends the same record key.
   */
  async check(principal: Principal, id: string, input: CheckCommitment): Promise<Commitment> {
    const institutionId = this.department(principal);
    this.notFuture(input.checkedOn, 'checkedOn', '核查日期');
    await this.deps.assertMayDeliver(institutionId, BREACH_CATEGORY);
    const claim = input.result === 'breached' ? randomUUID() : undefined;
    const { commitment, authority } = await this.deps.transaction(async (tx) => {
      const locked = await this.unclaimed(tx, institutionId, id, undefined);
      if (input.checkedOn < locked.committedOn) {
        throw unprocessable('CHECK_BEFORE_COMMITMENT', '核查日期不能早于承诺日期', [{ field: 'checkedOn', code: 'before_commitment', message: '核查日期不能早于承诺日期' }]);
      }
      if (claim) await this.deps.store.claim(tx, id, claim, new Date(this.deps.clock.now().getTime() + CLAIM_SECONDS * 1000));
      return { commitment: locked, authority: await this.deps.institution(tx, institutionId) };
    });
    const breach = claim
      ? await this.deliverBreach(principal, commitment, authority!, input).catch(async (error: unknown) => {
          await this.deps.transaction((tx) => this.deps.store.release(tx, id, claim));
          throw error;
        })
      : null;
    return this.deps.transaction(async (tx) => {
      await this.unclaimed(tx, institutionId, id, claim);
      return this.deps.store.check(tx, id, {
        status: input.result,
        finding: input.finding,
        checkedOn: input.checkedOn,
        checkedAt: this.deps.clock.now(),
        checkedBy: principal.userId,
        breachBatchId: breach?.batchId ?? null,
        breachRecordKey: breach?.recordKey ?? null,
      });
    });
  }

  private async deliverBreach(principal: Principal, c: Commitment, authority: { name: string; uscc: string }, input: CheckCommitment) {
    const row = {
      uscc: c.uscc,
      commitmentNo: c.number,
      kind: c.kind,
      commitmentText: c.text,
      committedOn: c.committedOn,
      checkingAuthority: authority.name,
      authorityUscc: authority.uscc,
      breachFinding: input.finding,
      foundOn: input.checkedOn,
    };
    const report = await this.deps.ingest({
      institutionId: c.institutionId,
      userId: principal.userId,
      category: BREACH_CATEGORY,
      formatVersion: 1,
      channel: 'api',
      fileFormat: 'jsonl',
      fileName: null,
      body: Readable.from([`${JSON.stringify(row)}\n`]),
    });
    if (report.status !== 'completed' || report.rowsAccepted !== 1) {
      const reasons = report.rejections.map((r) => r.reason).join('；') || '报送未完成';
      throw unprocessable('BREACH_NOT_RECORDED', `违诺记录未能写入信用档案：${reasons}`, [{ field: 'finding', code: 'breach_rejected', message: reasons }]);
    }
    return { batchId: report.id, recordKey: `${authority.uscc}|${c.number}` };
  }

  private department(principal: Principal): string {
    if (principal.role !== 'data_source' || !principal.institutionId) throw notFound('COMMITMENT_NOT_FOUND', '未找到该承诺');
    return principal.institutionId;
  }

  /** The pending commitment, locked, when no claim but `own` is live on it. */
  private async unclaimed(tx: DbOrTrx, institutionId: string, id: string, own: string | undefined): Promise<Commitment> {
    const commitment = this.pending(institutionId, await this.deps.store.lock(tx, id));
    const live = await this.deps.store.liveClaim(tx, id, this.deps.clock.now());
    if (live !== undefined && live !== own) throw conflict('COMMITMENT_BEING_CHECKED', '该承诺正在核查中，请稍后刷新');
    return commitment;
  }

  private pending(institutionId: string, c: Commitment | undefined): Commitment {
    if (!c || c.institutionId !== institutionId) throw notFound('COMMITMENT_NOT_FOUND', '未找到该承诺');
    if (c.status !== 'pending') throw conflict('COMMITMENT_ALREADY_CHECKED', '该承诺的履约情况已记录');
    return c;
  }

  private notFuture(day: string, field: string, label: string): void {
    if (day > shanghaiDate(this.deps.clock.now())) throw unprocessable('DATE_IN_FUTURE', `${label}不能晚于今天`, [{ field, code: 'in_future', message: `${label}不能晚于今天` }]);
  }
}
