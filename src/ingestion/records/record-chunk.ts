import type { RecordRow } from './credit-record.js';

/**
 * The accepted rows of one chunk of a batch, gathered for one upsert. How they are held is the
 * record store's choice (CreditRecordStore `chunk`): as rows, or already written as COPY text.
 * Of rows sent with the same key, the last one is stored.
 */
export interface RecordChunk {
  /** Rows added, repeated keys included. */
  readonly size: number;
  add(row: RecordRow): void;
}

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

/** A chunk held as its rows. */
export class RowsChunk implements RecordChunk {
  private readonly added: RecordRow[] = [];

  get size(): number {
    return this.added.length;
  }

  add(row: RecordRow): void {
    this.added.push(row);
  }

  /** The last row per key, in key order. */
  rows(): RecordRow[] {
    return lastPerKey(this.added);
  }
}
