import { findJsonHazard } from '../../platform/json-hazards.js';
import type { UploadRow } from './raw-row.js';

/** Nesting a row's value may have: category fields are flat, so a little room is plenty. */
const ROW_DEPTH = 4;
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A string that PostgreSQL text and jsonb can hold: NUL and lone surrogates shown as U+FFFD. */
const storable = (s: string) => (s.includes('\u0000') || SURROGATE.test(s) ? s.replaceAll('\u0000', '\ufffd').replace(LONE_SURROGATES, '\ufffd') : s);

/** A copy of a refused row's values that quarantine can store: hazards replaced, deep values cut. */
function storableValues(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return storable(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= ROW_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((v) => storableValues(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storableValues(v, depth + 1)]));
}

/** A row carrying NUL, a lone surrogate, a prototype key or deep nesting becomes a refused row naming the field. */
function guardRow(row: UploadRow): UploadRow {
  // Staging leaves a row with NUL in a cell to this guard (FormatVersion `stageCells`), and decoded text has no lone surrogates.
  if ('error' in row || 'staged' in row) return row;
  const hazard = findJsonHazard(row.values, ROW_DEPTH);
  return hazard ? { rowNumber: row.rowNumber, values: storableValues(row.values) as Record<string, unknown>, error: hazard } : row;
}

/** Applies {@link guardRow} to every row the reader yields. */
export async function* guardedRows(batches: AsyncIterable<readonly UploadRow[]>): AsyncGenerator<readonly UploadRow[]> {
  for await (const rows of batches) yield rows.map(guardRow);
}
