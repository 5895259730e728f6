import type { Readable } from 'node:stream';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import type { MarketEntity } from '../../enterprises/market-entity.js';
import { shanghaiDate } from '../../platform/business-date.js';
import type { Clock } from '../../platform/clock.js';
import { DomainError, notFound, type FieldError } from '../../platform/errors.js';
import type { Principal } from '../../platform/roles.js';
import type { Batch, BatchChannel, BatchCounts, FileFormat, Rejection } from './batch.js';
import { markStaleInParts, type BatchRecovery } from './batch-recovery.js';
import type { BatchStore } from './batch-store.js';
import type { CalendarStore } from '../calendar/calendar-store.js';
import { findCategory, findFormat } from '../category-registry.js';
import type { RecordRow } from '../records/credit-record.js';
import { lastPerKey } from '../records/record-chunk.js';
import type { CreditRecordStore } from '../records/credit-record-store.js';
import { denyListErrors } from '../deny-list.js';
import type { FormatVersion, StagedRecord } from '../format-version.js';
import type { RawRow } from '../readers/raw-row.js';
import type { RegisterStore } from '../register/register-store.js';
import type { SourceCategoryService } from '../sources/source-categories.js';
import { DEFAULT_UPLOAD_LIMITS } from '../upload-limits.js';
import { uploadRows } from './upload-rows.js';
import { publishedOnTime, type CalendarOverrides } from '../calendar/working-calendar.js';
import type { ProfilePort } from '../records/profile-port.js';

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
  /**
   * Accepted rows written per transaction (one multi-row upsert); formats of more than
   * CHUNK_FIELDS fields take proportionally fewer rows, so a chunk of wide rows holds no more
   * values than one of ten-field rows.
   */
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
  /** Profiles marked when this batch (or an earlier one) finished and not rebuilt yet; null while loading. */
  profilesPending: number | null;
}

const REPORT_REJECTIONS = 100;
/** Fields a row of a full-size chunk may have (the platform's peak memory grows with the values in flight). */
const CHUNK_FIELDS = 10;
const INTERRUPTED = '处理中断，已接收的行已保存，可重新报送（重复报送不会产生重复记录）';
const NO_ERRORS: readonly FieldError[] = Object.freeze([]);
const EMPTY_COUNTS: BatchCounts = { rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 0 };

export const rejectionLines = (rejections: readonly Rejection[]): RejectionLine[] =>
  rejections.flatMap((r) => r.errors.map((e) => ({ rowNumber: r.rowNumber, field: e.field, code: e.code, reason: e.message })));

/**
 * The one ingestion pipeline behind the API and file uploads: stream rows → deny-list →
 * category schema → chunked multi-row upsert with provenance, rejected rows to quarantine (a
 * file row its format staged from its cells has passed the deny-list and the checks already).
 * Rows are never held beyond one chunk; the next chunk is parsed while the previous one is
 * being written.
 *
 * Profiles are marked stale once per enterprise per batch, after the last chunk committed and
 * before the transaction that finishes the batch (completed or failed), not per chunk: a monthly
 * delivery touches each enterprise in many chunks. A rebuild that runs between two chunks may
 * miss the later chunk's records, but the mark made after the last chunk committed makes it run
 * again. The marks run in as many transactions at once as chunk writes do (the upload's reading
 * is over, so the cores are free for them). A batch whose process died before it was finished is
 * failed, and its enterprises marked, by BatchRecovery; so is one whose marks failed.
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
    // Decisions of a delivery fall on few days: each day's 7-working-day answer is worked out once.
    const onTimeByDay = new Map<string, boolean>();
    const onTime = (decisionDate: string): boolean => {
      let answer = onTimeByDay.get(decisionDate);
      if (answer === undefined) onTimeByDay.set(decisionDate, (answer = publishedOnTime(decisionDate, receivedDate, overrides)));
      return answer;
    };
    const districts = definition.category === 'register' ? await deps.register.districtCodes(deps.db) : undefined;
    const context = { category: definition.category, formatVersion: format.version, batchId: batch.id, institutionId: request.institutionId, receivedAt };

    const chunkRows = Math.max(1, Math.min(deps.chunkSize, Math.floor((deps.chunkSize * CHUNK_FIELDS) / format.fields.length)));
    let chunk = deps.records.chunk(definition.category, batch.id);
    // The register's rows also update the market entities.
    let entities: RecordRow[] = [];
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
      const taken = { chunk, entities: lastPerKey(entities), rejections, counts };
      chunk = deps.records.chunk(definition.category, batch.id);
      entities = [];
      rejections = [];
      counts = { ...EMPTY_COUNTS };
      while (inFlight.length >= deps.parallelWrites) await inFlight.shift();
      const write = deps.transaction(async (tx) => {
        const outcome = await deps.records.upsertChunk(tx, context, taken.chunk);
        if (districts) await deps.register.upsert(tx, taken.entities.map((r) => r.payload as unknown as MarketEntity));
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

    const accept = (r: StagedRecord) => {
      counts.rowsAccepted++;
      const row: RecordRow = {
        recordKey: r.recordKey,
        uscc: r.uscc,
        payload: r.payload,
        businessDate: r.businessDate,
        publicityEnd: r.publicityEnd,
        publishedOnTime: r.decisionDate ? onTime(r.decisionDate) : null,
      };
      chunk.add(row);
      if (districts) entities.push(row);
    };

    let failure: unknown;
    const untrack = deps.recovery.track(batch.id);
    // The register itself is what other categories' USCCs are checked against.
    const registered = definition.category === 'register' ? undefined : (usccs: readonly string[]) => deps.register.existing(deps.db, usccs);
    try {
      for await (const batchOfRows of uploadRows(request, format, { ...DEFAULT_UPLOAD_LIMITS, maxBytes: deps.maxUploadBytes }, registered)) {
        for (const raw of batchOfRows) {
          counts.rowsRead++;
          if ('staged' in raw) {
            accept(raw.staged);
          } else {
            const errors = this.check(raw, format, districts);
            if (errors.length) {
              counts.rowsRejected++;
              rejections.push({ rowNumber: raw.rowNumber, errors: [...errors], raw: raw.values });
            } else {
              const parsed = format.parse(raw.values);
              if (!parsed.ok) {
                counts.rowsRejected++;
                rejections.push({ rowNumber: raw.rowNumber, errors: parsed.errors, raw: raw.values });
              } else accept(parsed.record);
            }
          }
          if (chunk.size >= chunkRows || rejections.length >= deps.chunkSize) await flush();
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
    await markStaleInParts(deps.profiles, deps.transaction, touched, deps.parallelWrites)
      .then(() => deps.transaction((tx) => deps.batches.finish(tx, batch.id, failure === undefined ? 'completed' : 'failed', failureText, deps.clock.now())))
      .finally(untrack);
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
      profilesPending: batch.completedAt ? await this.deps.profiles.pendingMarkedBy(tx, batch.completedAt) : null,
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
}
