import type { Readable } from 'node:stream';
import type { FileFormat } from './batch.js';
import type { FormatVersion } from '../format-version.js';
import { limitBytes } from '../readers/byte-limit.js';
import { csvRows } from '../readers/csv-rows.js';
import { jsonlRows } from '../readers/jsonl-rows.js';
import type { RawRow, UploadRow } from '../readers/raw-row.js';
import { guardedRows } from '../readers/row-guards.js';
import { textBody } from '../readers/text-encoding.js';
import { xlsxRows } from '../readers/xlsx-rows.js';
import { registeredOnly } from '../register/register-gate.js';
import { limitLineBytes, limitRows, type UploadLimits } from '../upload-limits.js';

/** Longest JSON line, in bytes (one record; the largest category's fields fit many times over). */
const MAX_JSON_LINE_BYTES = 1_048_576;

async function* oneByOne(rows: AsyncIterable<RawRow>): AsyncGenerator<RawRow[]> {
  for await (const row of rows) yield [row];
}

/**
 * The rows of an upload, in the batches its reader produces (CSV: the rows of each chunk read;
 * XLSX: of each chunk inflated), with every limit of `limits` checked as the body streams. Text
 * formats are decoded to UTF-8 first (see textBody); rows carrying hazards are refused (see
 * guardedRows). With `registered`, rows of enterprises
 * absent from the register are marked rejected (see registeredOnly).
 */
export function uploadRows(
  upload: { body: Readable; fileFormat: FileFormat; charset?: string | undefined },
  format: FormatVersion,
  limits: UploadLimits,
  registered?: (usccs: readonly string[]) => Promise<Set<string>>,
): AsyncIterable<readonly UploadRow[]> {
  const body = limitBytes(upload.body, limits.maxBytes);
  const rows = (() => {
    switch (upload.fileFormat) {
      case 'csv':
        return csvRows(textBody(body, upload.charset), format, limits);
      case 'xlsx':
        return xlsxRows(body, format, limits);
      case 'jsonl':
        return oneByOne(jsonlRows(limitLineBytes(textBody(body, upload.charset), MAX_JSON_LINE_BYTES)));
    }
  })();
  const limited = guardedRows(limitRows(rows, limits.maxRows));
  return registered ? registeredOnly(limited, registered) : limited;
}
