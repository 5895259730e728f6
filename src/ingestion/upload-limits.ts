import { pipeline, Transform, type Readable } from 'node:stream';
import { DomainError, type FieldError } from '../platform/errors.js';

/**
 * What one upload may make the platform hold or do, checked while the body streams (never after
 * inflating it): an XLSX whose few compressed bytes expand to gigabytes is stopped at the first
 * limit it crosses, with what was read before it kept, like any other failed upload.
 */
export interface UploadLimits {
  /** Request body as sent (compressed, for XLSX). */
  readonly maxBytes: number;
  /** Inflated size of any one XLSX part that is read (worksheet, shared strings, styles). */
  readonly maxPartBytes: number;
  readonly maxRows: number;
  readonly maxColumns: number;
  /** Characters in one cell (Excel's own limit is 32,767). */
  readonly maxCellChars: number;
  /** XLSX shared strings are held in memory for the whole sheet: their number and characters are bounded. */
  readonly maxSharedStrings: number;
  readonly maxSharedStringChars: number;
}

export const DEFAULT_UPLOAD_LIMITS: Omit<UploadLimits, 'maxBytes'> = Object.freeze({
  maxPartBytes: 512 * 1_048_576,
  maxRows: 2_000_000,
  maxColumns: 200,
  maxCellChars: 32_767,
  maxSharedStrings: 2_000_000,
  maxSharedStringChars: 64 * 1_048_576,
});

/** An upload past one of the limits: 413, with the limit named in `field`. */
export function limitExceeded(code: string, message: string, field: string): DomainError {
  const error: FieldError = { field, code, message };
  return new DomainError('payload_too_large', code, `${message}，请拆分或修正后重新报送（已读取的行已保存）`, [error]);
}

/**
 * Counts the rows a reader hands over and refuses the upload past `maxRows`. Rows are counted as
 * read, so a file with more rows than allowed fails at the first row over the limit.
 */
export async function* limitRows<T extends { readonly length: number }>(batches: AsyncIterable<T>, maxRows: number): AsyncGenerator<T> {
  let rows = 0;
  for await (const batch of batches) {
    rows += batch.length;
    if (rows > maxRows) throw limitExceeded('TOO_MANY_ROWS', `文件超过 ${maxRows.toLocaleString('zh-CN')} 行上限`, 'rows');
    yield batch;
  }
}

/**
 * Fails the stream when a line (up to a LF) is longer than `maxBytes`: the JSON-lines reader
 * holds a line whole before parsing it.
 */
export function limitLineBytes(body: Readable, maxBytes: number): Readable {
  let run = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const first = chunk.indexOf(0x0a);
      const longest = first < 0 ? run + chunk.length : Math.max(run + first, longestLine(chunk, first));
      run = first < 0 ? run + chunk.length : chunk.length - chunk.lastIndexOf(0x0a) - 1;
      if (longest > maxBytes || run > maxBytes) {
        done(limitExceeded('LINE_TOO_LONG', `有一行超过 ${Math.round(maxBytes / 1_024)} KB`, 'body'));
        return;
      }
      done(null, chunk);
    },
  });
  pipeline(body, limiter, () => undefined);
  return limiter;
}

function longestLine(chunk: Buffer, from: number): number {
  let longest = 0;
  for (let at = from; ; ) {
    const next = chunk.indexOf(0x0a, at + 1);
    if (next < 0) return longest;
    longest = Math.max(longest, next - at - 1);
    at = next;
  }
}
