import type { Readable } from 'node:stream';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import type { MarketEntity } from '../../enterprises/market-entity.js';
import { shanghaiDate } from '../../platform/business-date.js';
import type { Clock } from '../../platform/clock.js';
import { DomainError, forbidden, notFound, type FieldError } from '../../platform/errors.js';
import type { Principal } from '../../platform/roles.js';
import type { Batch, BatchChannel, BatchCounts, FileFormat, Rejection } from './batch.js';
import { markStaleSorted, type BatchRecovery } from './batch-recovery.js';
import type { BatchStore } from './batch-store.js';
import type { CalendarDay, CalendarStore } from '../calendar/calendar-store.js';
import { findCategory, findFormat } from '../category-registry.js';
import type { CreditRecord, RecordEvent, RecordRow, SupersededValues, VersionUsage } from '../records/credit-record.js';
import type { CreditRecordStore } from '../records/credit-record-store.js';
import { denyListErrors } from '../deny-list.js';
import type { FormatVersion } from '../format-version.js';
import type { RawRow } from '../readers/raw-row.js';
import type { Denominator, RegisterStore } from '../register/register-store.js';
import type { SourceCategoryService } from '../sources/source-categories.js';
import { DEFAULT_UPLOAD_LIMITS } from '../upload-limits.js';
import { uploadRows } from './upload-rows.js';
import { publishedOnTime, type CalendarOverrides } from '../calendar/working-calendar.js';

/** What ingestion needs from profiles: mark stale (in the transaction that finishes a batch, or a notice's), rebuild, audit. */
export interface ProfilePort {
  markStale(tx: DbOrTrx, usccs: readonly string[]): Promise<void>;
  rebuild(uscc: string, reason: string): Promise<{ version: number; changed: boolean }>;
  rebuildDueInBackground(): void;
  versionsUsing(tx: DbOrTrx, recordId: number): Promise<VersionUsage[]>;
}

export interface IngestionDeps {
  db: Db;
  transaction: TransactionRunner;
  batches: BatchStore;
  records: CreditRecordStore;
  calendar: CalendarStore;
  register: RegisterStore;
  profiles: ProfilePort;
  clock: Clock;
  /** Which categories a department may deliver. */
  sources: Pick<SourceCategoryService, 'assertMayDeliver'>;
  /** Keeps the heartbeat of the batches this process loads. */
  recovery: Pick<BatchRecovery, 'track'>;
  /** Accepted rows written per transaction (one multi-row upsert). */
  chunkSize: number;
  /** Largest body a batch may stream, in bytes. */
  maxUploadBytes: number;
  /** Chunk transactions written concurrently (1 on PGlite, which has one connection). */
  parallelWrites: number;
}

export interface IngestRequest {
  institutionId: string;
  userId: string | null;
  category: string;
  formatVersion: number;
  channel: BatchChannel;
  fileFormat: FileFormat;
  fileName: string | null;
  body: Readable;
  /** The Content-Type's charset parameter, if any (text formats). */
  charset?: string | undefined;
  /** Bulk loads that send several batches in a row start the profile rebuild themselves at the end. */
  deferProfileRebuild?: boolean;
}

export interface RejectionLine {
  rowNumber: number;
  field: string;
  code: string;
  reason: string;
}

export interface BatchReport extends Batch {
  categoryLabel: string;
  /** The first rejections (all of them are in the Excel download and the rejections endpoint). */
  rejections: RejectionLine[];
  rejectionsTruncated: boolean;
}

export interface NoticeInput {
  category: string;
  recordKey: string;
  kind: 'repair' | 'withdrawal';
  noticeNo: string;
  reason: string;
}

export interface NoticeResult {
  record: CreditRecord;
  event: RecordEvent;
  /** True when this notice had already been applied (a repeat changes nothing). */
  repeated: boolean;
  profileVersion: number;
}

export interface RecordAudit {
  record: CreditRecord;
  /** Values later re-sends replaced, with their own provenance. */
  history: SupersededValues[];
  events: RecordEvent[];
  usedByProfileVersions: VersionUsage[];
}

const REPORT_REJECTIONS = 100;
const INTERRUPTED = '处理中断，已接收的行已保存，可重新报送（重复报送不会产生重复记录）';
const NO_ERRORS: readonly FieldError[] = Object.freeze([]);
const EMPTY_COUNTS: BatchCounts = { rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 0 };

export const rejectionLines = (rejections: readonly Rejection[]): RejectionLine[] =>
  rejections.flatMap((r) => r.errors.map((e) => ({ rowNumber: r.rowNumber, field: e.field, code: e.code, reason: e.message })));

const byKey = (a: RecordRow, b: RecordRow) => (a.recordKey < b.recordKey ? -1 : a.recordKey > b.recordKey ? 1 : 0);

/**
 * The rows sorted by key, only the last of rows with the same key kept (the sort is stable).
 * Rows of a delivery mostly come in key order already, which the sort checks in one pass.
 */
export function lastPerKey(rows: RecordRow[]): RecordRow[] {
  rows.sort(byKey);
  let kept = 0;
  for (let i = 0; i < rows.length; i++) {
    if (i + 1 < rows.length && rows[i + 1]!.recordKey === rows[i]!.recordKey) continue;
    rows[kept++] = rows[i]!;
  }
  rows.length = kept;
  return rows;
}

/**
 * The one ingestion pipeline behind the API and file uploads: stream rows → deny-list →
 * category schema → chunked multi-row upsert with provenance, rejected rows to quarantine.
 * Rows are never held beyond one chunk; the next chunk is parsed while the previous one is
 * being written.
 *
 * Profiles are marked stale once per enterprise per batch, in the transaction that finishes
 * the batch (completed or failed), not per chunk: a monthly delivery touches each enterprise
 * in many chunks. A rebuild that runs between two chunks may miss the later chunk's records,
 * but the mark made after the last chunk committed makes it run again. A batch whose process
 * died before that transaction is failed, and its enterprises marked, by BatchRecovery.
 */
export class IngestionService {
  constructor(private readonly deps: IngestionDeps) {}

  async ingest(request: IngestRequest): Promise<BatchReport> {
    const { definition, format } = findFormat(request.category, request.formatVersion);
    const { deps } = this;
    await deps.sources.assertMayDeliver(request.institutionId, definition.category);
    const batch = await deps.batches.insert(deps.db, {
      institutionId: request.institutionId,
      submittedBy: request.userId,
      category: definition.category,
      formatVersion: format.version,
      channel: request.channel,
      fileFormat: request.fileFormat,
      fileName: request.fileName,
    });
    const receivedAt = new Date(batch.receivedAt);
    const receivedDate = shanghaiDate(receivedAt);
    const needsTimeliness = definition.category === 'permits' || definition.category === 'penalties';
    const overrides: CalendarOverrides = needsTimeliness
      ? new Map((await deps.calendar.list(deps.db)).map((d) => [d.day, d.isWorkingDay]))
      : new Map();
    const districts = definition.category === 'register' ? await deps.register.districtCodes(deps.db) : undefined;
    const context = { category: definition.category, formatVersion: format.version, batchId: batch.id, institutionId: request.institutionId, receivedAt };

    let rows: RecordRow[] = [];
    let rejections: Rejection[] = [];
    let counts = { ...EMPTY_COUNTS };
    // Enterprises whose records committed chunks inserted or changed.
    const touched = new Set<string>();
    // Up to `parallelWrites` chunks are written at once (each in its own transaction) while the
    // next one is parsed. Rows are sorted by key so concurrent chunks lock in the same order.
    // Within a chunk the last row for a key wins; a batch that sends one key twice with
    // different content in different chunks gets either version.
    const inFlight: Promise<void>[] = [];
    const flush = async () => {
      const taken = { rows: lastPerKey(rows), rejections, counts };
      rows = [];
      rejections = [];
      counts = { ...EMPTY_COUNTS };
      while (inFlight.length >= deps.parallelWrites) await inFlight.shift();
      const write = deps.transaction(async (tx) => {
        const outcome = await deps.records.upsert(tx, context, taken.rows);
        if (districts) await deps.register.upsert(tx, taken.rows.map((r) => r.payload as unknown as MarketEntity));
        await deps.batches.quarantine(tx, batch.id, taken.rejections);
        await deps.batches.addCounts(tx, batch.id, {
          ...taken.counts,
          rowsInserted: outcome.inserted,
          rowsUpdated: outcome.updated,
          rowsUnchanged: taken.counts.rowsAccepted - outcome.inserted - outcome.updated,
        });
        // Rows come sorted by key, so an enterprise's rows of a chunk are adjacent.
        let previous: string | undefined;
        for (const uscc of outcome.usccs) {
          if (uscc !== previous) touched.add(uscc);
          previous = uscc;
        }
      });
      write.catch(() => undefined);
      inFlight.push(write);
    };

    let failure: unknown;
    const untrack = deps.recovery.track(batch.id);
    // The register itself is what other categories' USCCs are checked against.
    const registered = definition.category === 'register' ? undefined : (usccs: readonly string[]) => deps.register.existing(deps.db, usccs);
    try {
      for await (const batchOfRows of uploadRows(request, format, { ...DEFAULT_UPLOAD_LIMITS, maxBytes: deps.maxUploadBytes }, registered)) {
        for (const raw of batchOfRows) {
          counts.rowsRead++;
          const errors = this.check(raw, format, districts);
          if (errors.length) {
            counts.rowsRejected++;
            rejections.push({ rowNumber: raw.rowNumber, errors: [...errors], raw: raw.values });
          } else {
            const parsed = format.parse(raw.values);
            if (!parsed.ok) {
              counts.rowsRejected++;
              rejections.push({ rowNumber: raw.rowNumber, errors: parsed.errors, raw: raw.values });
            } else {
              const r = parsed.record;
              counts.rowsAccepted++;
              rows.push({
                recordKey: r.recordKey,
                uscc: r.uscc,
                payload: r.payload,
                businessDate: r.businessDate,
                publicityEnd: r.publicityEnd,
                publishedOnTime: r.decisionDate ? publishedOnTime(r.decisionDate, receivedDate, overrides) : null,
              });
            }
          }
          if (rows.length >= deps.chunkSize || rejections.length >= deps.chunkSize) await flush();
        }
      }
    } catch (error) {
      failure = error;
    }
    // Whatever was read before a failure is kept: accepted rows stored, rejected ones quarantined.
    try {
      await flush();
    } catch (error) {
      failure ??= error;
    }
    for (const outcome of await Promise.allSettled(inFlight)) {
      if (outcome.status === 'rejected') failure ??= outcome.reason;
    }
    const failureText = failure === undefined ? null : failure instanceof DomainError ? failure.message : INTERRUPTED;
    await deps.transaction(async (tx) => {
      await markStaleSorted(deps.profiles, tx, touched);
      await deps.batches.finish(tx, batch.id, failure === undefined ? 'completed' : 'failed', failureText, deps.clock.now());
    }).finally(untrack);
    if (!request.deferProfileRebuild) deps.profiles.rebuildDueInBackground();
    if (failure !== undefined) {
      if (failure instanceof DomainError) {
        throw new DomainError(failure.kind, failure.code, failure.message, failure.errors, { ...failure.extensions, batchId: batch.id });
      }
      throw failure;
    }
    return this.report(deps.db, batch.id);
  }

  private check(raw: RawRow, format: FormatVersion, districts: Set<string> | undefined): readonly FieldError[] {
    if ('error' in raw) return [raw.error];
    const denied = denyListErrors(raw.values, format.behaviourFields);
    if (denied.length) return denied;
    const district = raw.values.districtCode;
    if (districts && district !== undefined && !districts.has(String(district))) {
      return [{ field: 'districtCode', code: 'UNKNOWN_DISTRICT', message: `所属区县代码“${String(district)}”不属于本市` }];
    }
    return NO_ERRORS;
  }

  private async report(tx: DbOrTrx, batchId: string): Promise<BatchReport> {
    const batch = await this.deps.batches.find(tx, batchId);
    if (!batch) throw notFound('BATCH_NOT_FOUND', '未找到该报送批次');
    const first = await this.deps.batches.rejections(tx, batchId, { afterRow: 0, limit: REPORT_REJECTIONS + 1 });
    return {
      ...batch,
      categoryLabel: findCategory(batch.category).label,
      rejections: rejectionLines(first.slice(0, REPORT_REJECTIONS)),
      rejectionsTruncated: first.length > REPORT_REJECTIONS,
    };
  }

  /** A data source sees its own batches; operators see all. */
  private async visibleBatch(principal: Principal, batchId: string): Promise<Batch> {
    const batch = /^[0-9a-f-]{36}$/i.test(batchId) ? await this.deps.batches.find(this.deps.db, batchId) : undefined;
    if (!batch || (principal.role !== 'admin' && batch.institutionId !== principal.institutionId)) {
      throw notFound('BATCH_NOT_FOUND', '未找到该报送批次');
    }
    return batch;
  }

  async batchReport(principal: Principal, batchId: string): Promise<BatchReport> {
    await this.visibleBatch(principal, batchId);
    return this.report(this.deps.db, batchId);
  }

  async listBatches(principal: Principal, limit: number): Promise<Batch[]> {
    return this.deps.batches.list(this.deps.db, { institutionId: principal.role === 'admin' ? undefined : principal.institutionId ?? undefined, limit });
  }

  async rejections(principal: Principal, batchId: string, page: { afterRow: number; limit: number }): Promise<Rejection[]> {
    await this.visibleBatch(principal, batchId);
    return this.deps.batches.rejections(this.deps.db, batchId, page);
  }

  /** All rejections of a batch, page by page (for the Excel download, never all in memory). */
  async *allRejections(principal: Principal, batchId: string): AsyncGenerator<Rejection> {
    await this.visibleBatch(principal, batchId);
    let afterRow = 0;
    for (;;) {
      const page = await this.deps.batches.rejections(this.deps.db, batchId, { afterRow, limit: 1_000 });
      if (page.length === 0) return;
      yield* page;
      afterRow = page[page.length - 1]!.rowNumber;
    }
  }

  /**
   * A credit-repair or withdrawal notice (信用修复 / 撤销) by record key. From then on the record
   * is not usable; the affected profile is rebuilt now, and the record stays for the audit.
   * A department may send notices for records it delivered; operators act for the provincial node.
   */
  async applyNotice(principal: Principal, input: NoticeInput): Promise<NoticeResult> {
    findCategory(input.category);
    const institutionId = principal.institutionId;
    const { record, event, repeated } = await this.deps.transaction(async (tx) => {
      const found = await this.deps.records.findByKey(tx, input.category, input.recordKey);
      if (!found) throw notFound('RECORD_NOT_FOUND', '未找到该记录（请核对数据类别和记录键）');
      if (principal.role !== 'admin' && found.sourceInstitutionId !== institutionId) {
        throw forbidden('NOT_RECORD_SOURCE', '只能对本单位报送的记录发送修复或撤销通知');
      }
      const e: RecordEvent = { kind: input.kind, noticeNo: input.noticeNo, reason: input.reason, institutionId, userId: principal.userId, receivedAt: this.deps.clock.now() };
      const inserted = await this.deps.records.insertEvent(tx, found.id, e);
      if (found.status === 'active') {
        await this.deps.records.setStatus(tx, found, input.kind === 'repair' ? 'repaired' : 'withdrawn', e.receivedAt);
        await this.deps.profiles.markStale(tx, [found.uscc]);
      }
      return { record: (await this.deps.records.findByKey(tx, input.category, input.recordKey))!, event: e, repeated: !inserted };
    });
    const rebuilt = await this.deps.profiles.rebuild(record.uscc, `${input.kind}:${input.noticeNo}`);
    return { record, event, repeated, profileVersion: rebuilt.version };
  }

  async recordAudit(principal: Principal, category: string, recordKey: string): Promise<RecordAudit> {
    findCategory(category);
    return this.deps.transaction(async (tx) => {
      const record = await this.deps.records.findByKey(tx, category, recordKey);
      if (!record || (principal.role !== 'admin' && record.sourceInstitutionId !== principal.institutionId)) {
        throw notFound('RECORD_NOT_FOUND', '未找到该记录（请核对数据类别和记录键）');
      }
      return {
        record,
        history: await this.deps.records.history(tx, record.id),
        events: await this.deps.records.events(tx, record.id),
        usedByProfileVersions: await this.deps.profiles.versionsUsing(tx, record.id),
      };
    });
  }

  /** Records profiles may use on `asOf`, by USCC (the profile service's only way to the records). */
  async usableRecords(tx: DbOrTrx, usccs: readonly string[], asOf: string): Promise<Map<string, CreditRecord[]>> {
    const byUscc = new Map<string, CreditRecord[]>();
    for (const r of await this.deps.records.usable(tx, usccs, asOf)) {
      const list = byUscc.get(r.uscc);
      if (list) list.push(r);
      else byUscc.set(r.uscc, [r]);
    }
    return byUscc;
  }

  async registerEntries(tx: DbOrTrx, usccs: readonly string[]): Promise<Map<string, MarketEntity>> {
    return new Map((await this.deps.register.findMany(tx, usccs)).map((e) => [e.uscc, e]));
  }

  denominators(): Promise<Denominator[]> {
    return this.deps.register.denominators(this.deps.db);
  }

  calendar(year: number): Promise<CalendarDay[]> {
    return this.deps.calendar.list(this.deps.db, { from: `${year}-01-01`, to: `${year}-12-31` });
  }

  async setCalendarDays(days: readonly CalendarDay[]): Promise<void> {
    await this.deps.transaction((tx) => this.deps.calendar.upsert(tx, days));
  }

  async removeCalendarDay(day: string): Promise<void> {
    if (!(await this.deps.transaction((tx) => this.deps.calendar.remove(tx, day)))) throw notFound('CALENDAR_DAY_NOT_FOUND', '日历中没有该日期的设置');
  }
}
