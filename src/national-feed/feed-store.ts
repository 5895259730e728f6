import type { DbOrTrx } from '../db/database.js';
import type { Correction, FeedBuildProgress, FeedFile, FeedTarget, FileKind, RowIssue, Submission, SubmissionStatus } from './feed-submission.js';

interface SubmissionRow {
  id: string;
  target: FeedTarget;
  month: string;
  revision: number;
  format_version: string;
  region_code: string;
  status: SubmissionStatus;
  trigger: Submission['trigger'];
  requested_by: string | null;
  counts: Record<string, number>;
  manifest: string | null;
  manifest_signature: string | null;
  validation_report: RowIssue[];
  invalid_rows: number;
  accepted_rows: number | null;
  rejected_rows: number | null;
  delivery_ticket: string | null;
  error: string | null;
  created_at: Date;
  built_at: Date | null;
  delivered_at: Date | null;
  receipted_at: Date | null;
  /** From national_feed_build_progress (left-joined; absent from an insert's returning). */
  progress?: FeedBuildProgress | null;
}

/**
 * A built submission's progress is its final figures. The last report is written just after the
 * build commits, outside its transaction (on PGlite's one connection it cannot be written inside
 * it), so the stored row can lag the status by that one write.
 */
const progressOf = (r: SubmissionRow): FeedBuildProgress | null => {
  const stored = r.progress ?? null;
  if (!stored || r.status === 'building' || r.status === 'failed') return stored;
  const rows = Object.values(r.counts ?? {}).reduce((sum, n) => sum + n, 0);
  return { rows, recordTypesDone: stored.recordTypes, recordTypes: stored.recordTypes };
};

const toSubmission = (r: SubmissionRow): Submission => ({
  id: r.id,
  target: r.target,
  month: r.month,
  revision: r.revision,
  formatVersion: r.format_version,
  regionCode: r.region_code,
  status: r.status,
  trigger: r.trigger,
  requestedBy: r.requested_by,
  counts: r.counts,
  manifest: r.manifest,
  manifestSignature: r.manifest_signature,
  validationReport: r.validation_report,
  invalidRows: r.invalid_rows,
  acceptedRows: r.accepted_rows,
  rejectedRows: r.rejected_rows,
  deliveryTicket: r.delivery_ticket,
  error: r.error,
  createdAt: r.created_at,
  builtAt: r.built_at,
  deliveredAt: r.delivered_at,
  receiptedAt: r.receipted_at,
  progress: progressOf(r),
});

const toFile = (r: Record<string, unknown>): FeedFile => ({
  id: Number(r.id),
  submissionId: r.submission_id as string,
  name: r.name as string,
  kind: r.kind as FileKind,
  recordType: r.record_type as string | null,
  format: r.format as string,
  rows: Number(r.rows),
  bytes: Number(r.bytes),
  sm3: r.sm3 as string,
});

/**
 * The enterprise a correction's record is about, from its source id as feed-source-store writes it:
 * a demand's id, an application's id (its grant and repayment status too), `<application id>:<reference>`
 * for a disbursement. Platform statistics and credit records are no enterprise's application (null).
 * Each id is cast only under its own record type, so the primary keys are used.
 */
const APPLICATION_RECORDS = `'loan_application', 'credit_grant', 'repayment_status', 'loan_disbursement'`;
const UUID = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;
const ENTERPRISE_OF_RECORD = `coalesce(
  (select e.name from financing_demands d join enterprises e on e.id = d.enterprise_id
    where d.id = (case when c.record_type = 'financing_demand' and c.source_id ~ ${UUID} then c.source_id::uuid end)),
  (select e.name from loan_applications a join enterprises e on e.id = a.enterprise_id
    where a.id = (case when c.record_type in (${APPLICATION_RECORDS}) and split_part(c.source_id, ':', 1) ~ ${UUID}
      then split_part(c.source_id, ':', 1)::uuid end)))`;

const toCorrection = (r: Record<string, unknown>): Correction => ({
  id: Number(r.id),
  target: r.target as FeedTarget,
  month: r.month as string,
  recordType: r.record_type as string,
  sourceId: r.source_id as string,
  enterpriseName: (r.enterprise_name as string | null) ?? null,
  submissionId: r.submission_id as string,
  reasonCode: r.reason_code as string,
  reason: r.reason as string,
  status: r.status as Correction['status'],
  resolvedBy: r.resolved_by as string | null,
  createdAt: r.created_at as Date,
  resolvedAt: r.resolved_at as Date | null,
});

export interface SubmissionUpdate {
  status?: SubmissionStatus;
  counts?: Record<string, number>;
  manifest?: string;
  manifestSignature?: string;
  validationReport?: RowIssue[];
  invalidRows?: number;
  acceptedRows?: number;
  rejectedRows?: number;
  deliveryTicket?: string;
  error?: string | null;
  builtAt?: Date;
  deliveredAt?: Date;
  receiptedAt?: Date;
}

const COLUMNS: Record<keyof SubmissionUpdate, string> = {
  status: 'status',
  counts: 'counts',
  manifest: 'manifest',
  manifestSignature: 'manifest_signature',
  validationReport: 'validation_report',
  invalidRows: 'invalid_rows',
  acceptedRows: 'accepted_rows',
  rejectedRows: 'rejected_rows',
  deliveryTicket: 'delivery_ticket',
  error: 'error',
  builtAt: 'built_at',
  deliveredAt: 'delivered_at',
  receiptedAt: 'receipted_at',
};

export interface NewSubmission {
  target: FeedTarget;
  month: string;
  formatVersion: string;
  regionCode: string;
  trigger: Submission['trigger'];
  requestedBy: string | null;
  createdAt: Date;
}

/** Submissions with their build's progress. */
const submissions = (tx: DbOrTrx) =>
  tx('national_feed_submissions').leftJoin('national_feed_build_progress', 'national_feed_build_progress.submission_id', 'national_feed_submissions.id').select('national_feed_submissions.*', 'national_feed_build_progress.progress');

export const feedStore = {
  /** Next revision of the month, as `building`; the partial unique index refuses a second concurrent build. */
  async insertBuilding(tx: DbOrTrx, s: NewSubmission): Promise<Submission> {
    const [row] = (await tx('national_feed_submissions')
      .insert({
        target: s.target,
        month: s.month,
        revision: tx.raw(`coalesce((select max(revision) from national_feed_submissions where target = ? and month = ?), 0) + 1`, [s.target, s.month]),
        format_version: s.formatVersion,
        region_code: s.regionCode,
        status: 'building',
        trigger: s.trigger,
        requested_by: s.requestedBy,
        created_at: s.createdAt,
      })
      .returning('*')) as SubmissionRow[];
    return toSubmission(row!);
  },

  /**
   * Builds that died with their process are marked failed: claimed before `claimedBefore` and
   * not locked, since a live build holds its submission row (`lockBuilding`) until it ends.
   * Without `month`, every target and month (at start).
   */
  async failAbandoned(tx: DbOrTrx, claimedBefore: Date, month?: { target: FeedTarget; month: string }): Promise<number> {
    const abandoned = tx('national_feed_submissions')
      .where({ status: 'building', ...month })
      .andWhere('created_at', '<', claimedBefore)
      .forNoKeyUpdate()
      .skipLocked()
      .select('id');
    return tx('national_feed_submissions').whereIn('id', abandoned).update({ status: 'failed', error: '生成中断（进程退出），已作废，可重新生成' });
  },

  /**
   * Holds the submission row for the build's transaction (its liveness) and returns its status.
   * NO KEY UPDATE: the progress rows written meanwhile reference the submission, and their key
   * check (KEY SHARE) must not wait for the build.
   */
  async lockBuilding(tx: DbOrTrx, id: string): Promise<Submission['status'] | undefined> {
    const row = (await tx('national_feed_submissions').where({ id }).forNoKeyUpdate().first('status')) as { status: Submission['status'] } | undefined;
    return row?.status;
  },

  async update(tx: DbOrTrx, id: string, change: SubmissionUpdate): Promise<void> {
    const row: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(change)) {
      const column = COLUMNS[key as keyof SubmissionUpdate];
      row[column] = column === 'counts' || column === 'validation_report' ? JSON.stringify(value) : value;
    }
    await tx('national_feed_submissions').where({ id }).update(row);
  },

  /** A build's progress, written outside the build's transaction (see the migration that made its table). */
  async reportProgress(db: DbOrTrx, id: string, progress: FeedBuildProgress, at: Date): Promise<void> {
    await db('national_feed_build_progress')
      .insert({ submission_id: id, progress: JSON.stringify(progress), updated_at: at })
      .onConflict('submission_id')
      .merge(['progress', 'updated_at']);
  },

  async find(tx: DbOrTrx, id: string): Promise<Submission | undefined> {
    const row = (await submissions(tx).where({ id }).first()) as SubmissionRow | undefined;
    return row && toSubmission(row);
  },

  async list(tx: DbOrTrx, filter: { target?: FeedTarget; month?: string; limit: number }): Promise<Submission[]> {
    const q = submissions(tx).orderBy([{ column: 'month', order: 'desc' }, { column: 'revision', order: 'desc' }]).limit(filter.limit);
    if (filter.target) q.where({ target: filter.target });
    if (filter.month) q.where({ month: filter.month });
    return ((await q) as SubmissionRow[]).map(toSubmission);
  },

  /** The newest revision of the month the national side has taken (delivered or receipted). */
  async lastDelivered(tx: DbOrTrx, target: FeedTarget, month: string): Promise<Submission | undefined> {
    const row = (await submissions(tx)
      .where({ target, month })
      .whereIn('status', ['delivered', 'receipted'])
      .orderBy('revision', 'desc')
      .first()) as SubmissionRow | undefined;
    return row && toSubmission(row);
  },

  async withStatus(tx: DbOrTrx, status: SubmissionStatus): Promise<Submission[]> {
    return ((await submissions(tx).where({ status }).orderBy('created_at')) as SubmissionRow[]).map(toSubmission);
  },

  async insertFile(tx: DbOrTrx, f: Omit<FeedFile, 'id' | 'rows' | 'bytes' | 'sm3'>): Promise<number> {
    const [row] = (await tx('national_feed_files')
      .insert({ submission_id: f.submissionId, name: f.name, kind: f.kind, record_type: f.recordType, format: f.format, rows: 0, bytes: 0, sm3: '' })
      .returning('id')) as { id: number }[];
    return Number(row!.id);
  },

  async finishFile(tx: DbOrTrx, id: number, done: { rows: number; bytes: number; sm3: string }): Promise<void> {
    await tx('national_feed_files').where({ id }).update(done);
  },

  async insertChunk(tx: DbOrTrx, fileId: number, seq: number, data: Buffer): Promise<void> {
    await tx('national_feed_file_chunks').insert({ file_id: fileId, seq, data });
  },

  async chunk(tx: DbOrTrx, fileId: number, seq: number): Promise<Buffer | undefined> {
    const row = (await tx('national_feed_file_chunks').where({ file_id: fileId, seq }).first('data')) as { data: Buffer | Uint8Array } | undefined;
    return row && Buffer.from(row.data);
  },

  async files(tx: DbOrTrx, submissionId: string): Promise<FeedFile[]> {
    return ((await tx('national_feed_files').where({ submission_id: submissionId }).orderBy('id')) as Record<string, unknown>[]).map(toFile);
  },

  async insertCorrections(tx: DbOrTrx, rows: readonly Omit<Correction, 'id' | 'status' | 'resolvedBy' | 'resolvedAt' | 'enterpriseName'>[]): Promise<void> {
    if (rows.length === 0) return;
    await tx('national_feed_corrections')
      .insert(
        rows.map((c) => ({
          target: c.target,
          month: c.month,
          record_type: c.recordType,
          source_id: c.sourceId,
          submission_id: c.submissionId,
          reason_code: c.reasonCode,
          reason: c.reason,
          created_at: c.createdAt,
        })),
      )
      .onConflict(['submission_id', 'record_type', 'source_id'])
      .ignore();
  },

  /** Open corrections of earlier revisions of the month whose key this receipt accepted. */
  async resolveAccepted(tx: DbOrTrx, s: Submission, rejectedKeys: ReadonlySet<string>, at: Date): Promise<number> {
    const open = (await tx('national_feed_corrections')
      .where({ target: s.target, month: s.month, status: 'open' })
      .whereNot({ submission_id: s.id })
      .select('id', 'record_type', 'source_id')) as { id: number; record_type: string; source_id: string }[];
    const ids = open.filter((c) => !rejectedKeys.has(`${c.record_type}\u0000${c.source_id}`)).map((c) => c.id);
    if (ids.length === 0) return 0;
    return tx('national_feed_corrections').whereIn('id', ids).update({ status: 'resolved', resolved_by: s.id, resolved_at: at });
  },

  /** The enterprise each record is about, keyed `<record type>\u0000<source id>` (records of none left out). */
  async enterpriseNames(tx: DbOrTrx, records: readonly { recordType: string; sourceId: string }[]): Promise<Map<string, string>> {
    if (records.length === 0) return new Map();
    const rows = (await tx
      .queryBuilder()
      .select('c.record_type', 'c.source_id', tx.raw(`${ENTERPRISE_OF_RECORD} as enterprise_name`))
      .fromRaw(
        tx.raw(`(values ${records.map(() => '(?::text, ?::text)').join(', ')}) as c (record_type, source_id)`, records.flatMap((r) => [r.recordType, r.sourceId])),
      )) as { record_type: string; source_id: string; enterprise_name: string | null }[];
    return new Map(rows.filter((r) => r.enterprise_name !== null).map((r) => [`${r.record_type}\u0000${r.source_id}`, r.enterprise_name!]));
  },

  async corrections(tx: DbOrTrx, filter: { target?: FeedTarget; month?: string; status?: Correction['status']; limit: number }): Promise<Correction[]> {
    const q = tx('national_feed_corrections as c').select('c.*', tx.raw(`${ENTERPRISE_OF_RECORD} as enterprise_name`)).orderBy('c.id', 'desc').limit(filter.limit);
    if (filter.target) q.where('c.target', filter.target);
    if (filter.month) q.where('c.month', filter.month);
    if (filter.status) q.where('c.status', filter.status);
    return ((await q) as Record<string, unknown>[]).map(toCorrection);
  },
};

export type FeedStore = typeof feedStore;
