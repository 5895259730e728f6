import { gunzipSync } from 'node:zlib';
import type { Db, DbOrTrx } from '../db/database.js';
import { isUniqueViolation } from '../db/transaction.js';
import type { Clock } from '../platform/clock.js';
import { conflict, notFound, validationError } from '../platform/errors.js';
import { sm3Hex } from '../platform/national-crypto.js';
import type { Logger } from '../platform/logger.js';
import { PermanentDeliveryError, type Deliverer, type NewOutboxMessage } from '../platform/outbox/outbox-message.js';
import type { Sm2KeyPair } from '../platform/sm2.js';
import { BuildProgressWriter } from './build-progress-writer.js';
import { buildSubmission } from './feed-builder.js';
import { CHUNK_BYTES, fileBytes } from './chunked-gzip-file.js';
import { loadFeedFormat } from './feed-format.js';
import { recordsEndedSince } from './feed-source-store.js';
import type { FeedStore } from './feed-store.js';
import type { Correction, FeedBuildProgress, FeedFile, FeedTarget, RowIssue, Submission } from './feed-submission.js';
import { PackageRefusedError, type ExchangePort, type ReceiptHeader, type ReceiptLine } from './exchange/exchange-port.js';

export const FEED_CHANNEL = 'national_feed';
/**
 * A `building` submission whose row no build transaction holds has lost its process, unless it
 * was claimed so recently that its build may not have begun (waiting for a pooled connection).
 */
const CLAIM_GRACE_MS = 60_000;

export interface FeedServiceDeps {
  db: Db;
  store: FeedStore;
  /** Writes an outbox row in the caller's transaction (the relay delivers it with backoff). */
  enqueue(tx: DbOrTrx, message: NewOutboxMessage): Promise<void>;
  ports: ReadonlyMap<FeedTarget, ExchangePort>;
  clock: Clock;
  logger: Logger;
  keys: Sm2KeyPair;
  regionCode: string;
  /** 已对接's window in days (BANK_CONNECTED_WITHIN_DAYS), for the platform statistics. */
  connectedWithinDays: number;
  /** Format version folder per target (the provincial node may have its own). */
  formatVersion: Record<FeedTarget, string>;
}

export interface BuildRequest {
  target: FeedTarget;
  month: string;
  trigger: 'schedule' | 'manual';
  requestedBy: string | null;
}

const shanghaiMonth = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

/** The month before the one `at` falls in (Asia/Shanghai): what the monthly job reports. */
export function previousMonth(at: Date): string {
  const [y, m] = shanghaiMonth(at).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The monthly feed: build a revision (one instance per month at a time), block it when a row
 * fails its schema, otherwise hand it to the outbox; the outbox deliverer submits it through
 * the target's exchange port; receipts are collected into the correction list.
 */
export class FeedService {
  constructor(private readonly deps: FeedServiceDeps) {}

  /** Claims the next revision of the month and builds it; resolves when the build is done. */
  async build(request: BuildRequest): Promise<Submission> {
    const claimed = await this.claim(request);
    return this.runBuild(claimed);
  }

  /** Claims the revision now and builds it in the background (the HTTP trigger). */
  async startBuild(request: BuildRequest): Promise<Submission> {
    const claimed = await this.claim(request);
    void this.runBuild(claimed).catch((error: unknown) => this.deps.logger.error({ err: error, submission: claimed.id }, 'national feed build failed'));
    return claimed;
  }

  /** At start: builds a stopped process left `building` are failed, so the office sees them and builds again. */
  async failAbandonedBuilds(): Promise<number> {
    const { db, clock } = this.deps;
    return db.transaction((tx) => this.deps.store.failAbandoned(tx, new Date(clock.now().getTime() - CLAIM_GRACE_MS)));
  }

  private async claim(request: BuildRequest): Promise<Submission> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(request.month)) throw validationError('INVALID_MONTH', '报送月份格式应为 yyyy-MM', [{ field: 'month', code: 'pattern', message: '格式应为 yyyy-MM' }]);
    if (request.month >= shanghaiMonth(this.deps.clock.now())) throw validationError('MONTH_NOT_CLOSED', '只能报送已结束的月份', [{ field: 'month', code: 'not_closed', message: '该月尚未结束' }]);
    const { store, db, clock } = this.deps;
    const formatVersion = this.deps.formatVersion[request.target];
    loadFeedFormat(formatVersion);
    try {
      return await db.transaction(async (tx) => {
        await store.failAbandoned(tx, new Date(clock.now().getTime() - CLAIM_GRACE_MS), { target: request.target, month: request.month });
        return store.insertBuilding(tx, { ...request, formatVersion, regionCode: this.deps.regionCode, createdAt: clock.now() });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('FEED_BUILD_RUNNING', '该月份的报送文件正在生成，请稍后再试');
      throw error;
    }
  }

  private async runBuild(submission: Submission): Promise<Submission> {
    const { db, store, clock } = this.deps;
    const format = loadFeedFormat(submission.formatVersion);
    const progressFailed = (error: unknown) => this.deps.logger.warn({ err: error, submission: submission.id }, 'national feed build progress not written');
    const progress = new BuildProgressWriter((now) => store.reportProgress(db, submission.id, now, clock.now()), clock, progressFailed);
    try {
      await db.transaction(
        async (tx) => {
          if ((await store.lockBuilding(tx, submission.id)) !== 'building') throw new Error('该报送文件已被判定为生成中断，请重新生成');
          const last = await store.lastDelivered(tx, submission.target, submission.month);
          const previous = last && { submission: last, files: await store.files(tx, last.id) };
          const onProgress = (now: FeedBuildProgress) => progress.report(now);
          const result = await buildSubmission(tx, store, { submission, format, previous, receiver: format.layout.receiver.code, keys: this.deps.keys, connectedWithinDays: this.deps.connectedWithinDays, onProgress });
          await this.storePlain(tx, submission.id, 'manifest.json', result.manifest);
          await this.storePlain(tx, submission.id, 'manifest.sig', result.signature);
          const invalid = result.invalidRows > 0;
          await store.update(tx, submission.id, {
            status: invalid ? 'invalid' : 'ready',
            counts: result.counts,
            manifest: result.manifest,
            manifestSignature: result.signature,
            validationReport: result.issues,
            invalidRows: result.invalidRows,
            error: invalid ? `${result.invalidRows} 条记录不符合数据项格式，本次报送已阻止` : null,
            builtAt: clock.now(),
          });
          if (!invalid) {
            await this.deps.enqueue(tx, { channel: FEED_CHANNEL, target: submission.target, topic: 'national_feed.submission', messageKey: `national-feed:${submission.id}`, payload: { submissionId: submission.id }, maxAttempts: 20 });
          }
        },
        { isolationLevel: 'repeatable read' },
      );
    } catch (error) {
      await progress.settled();
      await store.update(db, submission.id, { status: 'failed', error: `生成失败：${(error as Error).message}`.slice(0, 2_000) });
      throw error;
    }
    await progress.finish();
    return (await store.find(db, submission.id))!;
  }

  private async storePlain(tx: DbOrTrx, submissionId: string, name: string, text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    const id = await this.deps.store.insertFile(tx, { submissionId, name, kind: 'manifest', recordType: null, format: name.endsWith('.json') ? 'json' : 'text' });
    for (let seq = 0, at = 0; at < bytes.length; seq++, at += CHUNK_BYTES) await this.deps.store.insertChunk(tx, id, seq, bytes.subarray(at, at + CHUNK_BYTES));
    await this.deps.store.finishFile(tx, id, { rows: 0, bytes: bytes.length, sm3: sm3Hex(bytes) });
  }

  /** The outbox deliverer: an unavailable receiver is retried with backoff; a refused package is final. */
  deliverer(): Deliverer {
    return async (message) => {
      const { db, store, clock } = this.deps;
      const id = String(message.payload.submissionId);
      const s = await store.find(db, id);
      if (!s || !s.manifest || !s.manifestSignature) throw new PermanentDeliveryError(`submission ${id} has no manifest`);
      if (s.status !== 'ready') return;
      const port = this.deps.ports.get(s.target);
      if (!port) throw new PermanentDeliveryError(`no exchange adapter for ${s.target}`);
      const files = (await store.files(db, id)).filter((f) => f.kind === 'data' || f.kind === 'corrections');
      try {
        const { ticket } = await port.submit({
          flow: s.id,
          manifest: s.manifest,
          signature: s.manifestSignature,
          files: files.map((f) => ({ name: f.name, bytes: f.bytes, sm3: f.sm3, open: () => fileBytes(db, store, f.id) })),
        });
        await store.update(db, id, { status: 'delivered', deliveryTicket: ticket, deliveredAt: clock.now(), error: null });
      } catch (error) {
        await store.update(db, id, { error: `第 ${message.attempts} 次报送失败：${(error as Error).message}`.slice(0, 2_000) });
        if (error instanceof PackageRefusedError) {
          await store.update(db, id, { status: 'failed' });
          throw new PermanentDeliveryError(error.message);
        }
        throw error;
      }
    };
  }

  /** Fetches receipts of delivered submissions; rejected rows go to the correction list. */
  async collectReceipts(): Promise<number> {
    const { db, store, clock } = this.deps;
    let collected = 0;
    for (const s of await store.withStatus(db, 'delivered')) {
      const receipt = await this.deps.ports.get(s.target)?.receipt(s.deliveryTicket!);
      if (!receipt) continue;
      const [headerText, ...lineTexts] = gunzipSync(receipt).toString('utf8').split('\n').filter(Boolean);
      const header = JSON.parse(headerText!) as ReceiptHeader;
      const rejected = lineTexts.map((t) => JSON.parse(t) as ReceiptLine).filter((l) => l.result === 'rejected');
      const reasons = loadFeedFormat(s.formatVersion).codeTables.get('reject-reasons')?.codes ?? {};
      const now = clock.now();
      await db.transaction(async (tx) => {
        const id = await store.insertFile(tx, { submissionId: s.id, name: 'receipt.jsonl.gz', kind: 'receipt', recordType: null, format: 'jsonl' });
        for (let seq = 0, at = 0; at < receipt.length; seq++, at += CHUNK_BYTES) await store.insertChunk(tx, id, seq, receipt.subarray(at, at + CHUNK_BYTES));
        await store.finishFile(tx, id, { rows: header.accepted + header.rejected, bytes: receipt.length, sm3: sm3Hex(receipt) });
        await store.insertCorrections(
          tx,
          rejected.map((l) => ({
            target: s.target,
            month: s.month,
            recordType: l.record_type,
            sourceId: l.source_id,
            submissionId: s.id,
            reasonCode: l.reason_code ?? 'E900',
            reason: reasons[l.reason_code ?? 'E900']?.label ?? '其他原因',
            createdAt: now,
          })),
        );
        await store.resolveAccepted(tx, s, new Set(rejected.map((l) => `${l.record_type}\u0000${l.source_id}`)), now);
        await store.update(tx, s.id, { status: 'receipted', acceptedRows: header.accepted, rejectedRows: header.rejected, receiptedAt: now });
      });
      collected++;
    }
    return collected;
  }

  /** The scheduled job: the previous month (Asia/Shanghai) for every target; one target failing does not stop the other. */
  async runMonthly(): Promise<Submission[]> {
    const month = previousMonth(this.deps.clock.now());
    const built: Submission[] = [];
    const failures: string[] = [];
    for (const target of this.deps.ports.keys()) {
      try {
        built.push(await this.build({ target, month, trigger: 'schedule', requestedBy: null }));
      } catch (error) {
        failures.push(`${target}: ${(error as Error).message}`);
      }
    }
    if (failures.length > 0) throw new Error(`monthly feed ${month} failed for ${failures.join('; ')}`);
    return built;
  }

  /**
   * The daily early-morning job for the provincial node: when a record was repaired or withdrawn
   * after the newest built revision (ready or delivered) was built, that month gets a new revision (listing the
   * record as a correction), so repair results go up before 08:00 the next day (seed 002).
   */
  async reviseAfterRepairs(target: FeedTarget): Promise<Submission | undefined> {
    const [newest] = (await this.deps.store.list(this.deps.db, { target, limit: 20 })).filter((s) => ['ready', 'delivered', 'receipted'].includes(s.status));
    if (!newest?.builtAt || !(await recordsEndedSince(this.deps.db, newest.builtAt))) return undefined;
    return this.build({ target, month: newest.month, trigger: 'schedule', requestedBy: null });
  }

  list(filter: { target?: FeedTarget; month?: string; limit: number }): Promise<Submission[]> {
    return this.deps.store.list(this.deps.db, filter);
  }

  async get(id: string): Promise<{ submission: Submission; files: FeedFile[] }> {
    const submission = await this.deps.store.find(this.deps.db, id);
    if (!submission) throw notFound('SUBMISSION_NOT_FOUND', '未找到该报送批次');
    return { submission, files: await this.deps.store.files(this.deps.db, id) };
  }

  /** A blocked revision's validation problems, each with the enterprise its record is about (how the office knows it). */
  async namedIssues(submission: Submission): Promise<(RowIssue & { enterpriseName: string | null })[]> {
    const issues = submission.validationReport;
    const names = await this.deps.store.enterpriseNames(this.deps.db, issues);
    return issues.map((i) => ({ ...i, enterpriseName: names.get(`${i.recordType}\u0000${i.sourceId}`) ?? null }));
  }

  async file(submissionId: string, fileId: number): Promise<{ file: FeedFile; bytes: AsyncIterable<Buffer> }> {
    const { files } = await this.get(submissionId);
    const file = files.find((f) => f.id === fileId);
    if (!file) throw notFound('FEED_FILE_NOT_FOUND', '未找到该文件');
    return { file, bytes: fileBytes(this.deps.db, this.deps.store, file.id) };
  }

  corrections(filter: { target?: FeedTarget; month?: string; status?: Correction['status']; limit: number }): Promise<Correction[]> {
    return this.deps.store.corrections(this.deps.db, filter);
  }
}
