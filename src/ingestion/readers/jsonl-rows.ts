import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { WHOLE_ROW } from '../rejected-column.js';
import type { RawRow } from './raw-row.js';

/** Streams JSON lines: one JSON object per line; blank lines are skipped but keep their number. */
export async function* jsonlRows(input: Readable): AsyncGenerator<RawRow> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let rowNumber = 0;
  for await (const line of lines) {
    rowNumber++;
    const text = rowNumber === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      yield { rowNumber, values: { line: text.slice(0, 2000) }, error: { field: WHOLE_ROW, code: 'MALFORMED_JSON', message: '该行不是合法的 JSON' } };
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      yield { rowNumber, values: { line: text.slice(0, 2000) }, error: { field: WHOLE_ROW, code: 'NOT_AN_OBJECT', message: '每行应为一个 JSON 对象' } };
      continue;
    }
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(parsed)) {
      const value = typeof v === 'string' ? v.trim() : v;
      if (value !== '' && value !== null && value !== undefined) values[k] = value;
    }
    yield { rowNumber, values };
  }
}
