import canonicalize from 'canonicalize';
import type { Knex } from 'knex';
import { LineBuffer } from '../platform/line-buffer.js';
import { sm2Sign, type Sm2KeyPair } from '../platform/sm2.js';
import { ChunkedGzipFile, fileBytes, gzipLines } from './chunked-gzip-file.js';
import type { FeedFormat, RowType } from './feed-format.js';
import type { SourceParams } from './feed-source-store.js';
import type { FeedStore } from './feed-store.js';
import type { FeedBuildProgress, FeedFile, RowIssue, Submission } from './feed-submission.js';
import { csvHeader, csvValuesLine, jsonLine } from './row-encoders.js';
import { inOrder } from './in-order.js';
import { rowSourceFor, type RowSource } from './snapshot-copy.js';

/** Issues kept in the report (all invalid rows are counted). */
const REPORT_LIMIT = 500;

export interface BuildInput {
  submission: Submission;
  format: FeedFormat;
  /** The last revision the receiver took; keys it had that are gone now become corrections. */
  previous: { submission: Submission; files: FeedFile[] } | undefined;
  receiver: string;
  keys: Sm2KeyPair;
  /** 已对接's window in days (BANK_CONNECTED_WITHIN_DAYS). */
  connectedWithinDays: number;
  /** Told after each batch of rows read and each record type finished; must not throw or wait. */
  onProgress?: (progress: FeedBuildProgress) => void;
}

export interface BuildResult {
  counts: Record<string, number>;
  issues: RowIssue[];
  invalidRows: number;
  /** Canonical JSON (RFC 8785) of the envelope: the exact text signed and sent. */
  manifest: string;
  signature: string;
}

export interface ManifestFile {
  name: string;
  recordType: string;
  format: 'jsonl' | 'csv';
  rows: number;
  bytes: number;
  sm3: string;
}

/** First day of the month and of the next one, `yyyy-MM-dd`. */
export const monthBounds = (month: string): { startDate: string; endDate: string } => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { startDate: `${month}-01`, endDate: `${next}-01` };
};

/** Keys (source ids, ascending) of the previous revision's file of one record type. */
async function* previousKeys(tx: Knex.Transaction, store: FeedStore, file: FeedFile | undefined): AsyncGenerator<string> {
  if (!file) return;
  for await (const line of gzipLines(fileBytes(tx, store, file.id))) {
    if (line) yield (JSON.parse(line) as { source_id: string }).source_id;
  }
}

/** What one record type's build produced, merged into the submission in layout order. */
interface TypeResult {
  rows: number;
  issues: RowIssue[];
  invalidRows: number;
  corrections: string;
  correctionRows: number;
  files: ManifestFile[];
}

interface TypeJob {
  type: RowType;
  writers: Map<'jsonl' | 'csv', ChunkedGzipFile>;
  /** The previous delivered revision's JSONL file of this type. */
  before: FeedFile | undefined;
}

/**
 * Builds one submission inside `tx` (REPEATABLE READ: one snapshot for every file): streams
 * each layout file from its source (see `rowSourceFor`; on PostgreSQL two sources at a time,
 * sharing the snapshot), maps and validates every row, writes JSONL (and CSV where the layout
 * has it) gzip files into chunk storage, writes the corrections file (keys the previous
 * delivered revision had that are no longer reportable), then the signed manifest. File rows
 * are created up front and results merged in layout order, so the output does not depend on
 * which source finished first. Invalid rows are all counted; the caller blocks the submission.
 */
export async function buildSubmission(tx: Knex.Transaction, store: FeedStore, input: BuildInput): Promise<BuildResult> {
  const { submission: s, format } = input;
  const level = format.layout.gzipLevel;
  const params: SourceParams = {
    month: s.month,
    regionCode: s.regionCode,
    ...monthBounds(s.month),
    connectedWithinDays: input.connectedWithinDays,
    codeKeys: (column) => Object.keys(format.codeTables.get(format.layout.files.flatMap((f) => f.fields).find((f) => f.from === column)?.codeTable ?? '')?.codes ?? {}),
  };
  const corrections = new ChunkedGzipFile(tx, store, await store.insertFile(tx, { submissionId: s.id, name: format.layout.corrections.file, kind: 'corrections', recordType: null, format: 'jsonl' }), level);
  const jobs: TypeJob[] = [];
  for (const type of format.rowTypes) {
    const { layout } = type;
    const writers = new Map<'jsonl' | 'csv', ChunkedGzipFile>();
    for (const fmt of layout.formats) {
      const id = await store.insertFile(tx, { submissionId: s.id, name: `${layout.recordType}.${fmt}.gz`, kind: 'data', recordType: layout.recordType, format: fmt });
      writers.set(fmt, new ChunkedGzipFile(tx, store, id, level));
    }
    const before = input.previous?.files.find((f) => f.kind === 'data' && f.recordType === layout.recordType && f.format === 'jsonl');
    jobs.push({ type, writers, before });
  }

  const progress: FeedBuildProgress = { rows: 0, recordTypesDone: 0, recordTypes: jobs.length };
  const progressed = (rows: number, typeDone: boolean) => {
    progress.rows += rows;
    if (typeDone) progress.recordTypesDone++;
    input.onProgress?.({ ...progress });
  };
  const source = await rowSourceFor(tx);
  const results = await inOrder(jobs, source.parallel, (job) => buildType(tx, store, source, params, job, progressed));

  const counts: Record<string, number> = {};
  const issues: RowIssue[] = [];
  let invalidRows = 0;
  let correctionRows = 0;
  const manifestFiles: ManifestFile[] = [];
  for (const [i, result] of results.entries()) {
    counts[jobs[i]!.type.layout.recordType] = result.rows;
    issues.push(...result.issues.slice(0, REPORT_LIMIT - issues.length));
    invalidRows += result.invalidRows;
    if (result.corrections) await corrections.write(result.corrections, 0);
    correctionRows += result.correctionRows;
    manifestFiles.push(...result.files);
  }
  const correctionsDone = await corrections.finish();
  correctionsDone.rows = correctionRows;
  await store.finishFile(tx, corrections.fileId, correctionsDone);

  const envelope = {
    formatVersion: format.version,
    sender: s.regionCode,
    receiver: input.receiver,
    flow: s.id,
    sn: `${s.month.replace('-', '')}-${String(s.revision).padStart(3, '0')}`,
    securityType: 'SM3-SM2',
    month: s.month,
    revision: s.revision,
    replacesRevision: input.previous?.submission.revision ?? null,
    files: manifestFiles,
    corrections: { name: format.layout.corrections.file, rows: correctionRows, bytes: correctionsDone.bytes, sm3: correctionsDone.sm3 },
  };
  const envelopeIssues = format.checkEnvelope(envelope);
  if (envelopeIssues.length > 0) throw new Error(`manifest does not match ${format.version}/envelope: ${JSON.stringify(envelopeIssues)}`);
  const manifest = canonicalize(envelope)!;
  return { counts, issues, invalidRows, manifest, signature: sm2Sign(manifest, input.keys) };
}

async function buildType(
  tx: Knex.Transaction,
  store: FeedStore,
  source: RowSource,
  params: SourceParams,
  job: TypeJob,
  progressed: (rows: number, typeDone: boolean) => void,
): Promise<TypeResult> {
  const { type, writers, before } = job;
  const { layout } = type;
  const out: TypeResult = { rows: 0, issues: [], invalidRows: 0, corrections: '', correctionRows: 0, files: [] };
  const csv = writers.get('csv');
  if (csv) await csv.write(csvHeader(layout.fields), 0);
  const gone = previousKeys(tx, store, before);
  let head = await gone.next();
  const dropUntil = async (key: string | undefined) => {
    while (!head.done && (key === undefined || head.value < key)) {
      out.corrections += jsonLine({ record_type: layout.recordType, source_id: head.value, action: 'delete' });
      out.correctionRows++;
      head = await gone.next();
    }
    if (!head.done && head.value === key) head = await gone.next();
  };

  let map: ((values: readonly unknown[]) => unknown[]) | undefined;
  const sourceId = layout.fields.findIndex((f) => f.name === 'source_id');
  const jsonl = new LineBuffer();
  const csvText = new LineBuffer();
  for await (const batch of source.rows(layout.source, params)) {
    map ??= type.mapper(batch.columns);
    for (const values of batch.rows) {
      const mapped = map(values);
      if (!type.passes(mapped)) {
        const row = type.toRow(mapped);
        const found = type.check(row);
        if (found.length > 0) out.invalidRows += recordIssues(out.issues, type, row, found);
      }
      jsonl.add(type.encode(mapped));
      if (csv) csvText.add(csvValuesLine(mapped));
      if (before) await dropUntil(String(mapped[sourceId]));
    }
    out.rows += batch.rows.length;
    await writers.get('jsonl')!.write(jsonl.take(), batch.rows.length);
    if (csv) await csv.write(csvText.take(), batch.rows.length);
    progressed(batch.rows.length, false);
  }
  await dropUntil(undefined);
  for (const [fmt, writer] of writers) {
    const done = await writer.finish();
    await store.finishFile(tx, writer.fileId, done);
    out.files.push({ name: `${layout.recordType}.${fmt}.gz`, recordType: layout.recordType, format: fmt, rows: done.rows, bytes: done.bytes, sm3: done.sm3 });
  }
  progressed(0, true);
  return out;
}

function recordIssues(report: RowIssue[], type: RowType, row: Record<string, unknown>, found: ReturnType<RowType['check']>): number {
  for (const issue of found) {
    if (report.length >= REPORT_LIMIT) break;
    report.push({ ...issue, recordType: type.layout.recordType, sourceId: String(row.source_id ?? '') });
  }
  return 1;
}
