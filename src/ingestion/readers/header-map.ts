import type { FormatVersion } from '../format-version.js';
import { validationError } from '../../platform/errors.js';

/**
 * Maps a file's header row to field names: a column may be titled with the field name or its
 * Chinese label. An unknown, repeated or missing required column stops the upload before any row
 * is read, with the column named, so no row is misread.
 */
export function headerMap(format: FormatVersion, header: readonly unknown[]): (string | undefined)[] {
  const byTitle = new Map<string, string>();
  for (const f of format.fields) {
    byTitle.set(f.name, f.name);
    byTitle.set(f.label, f.name);
  }
  const seen = new Set<string>();
  const errors = [];
  const names: (string | undefined)[] = [];
  for (const [i, cell] of header.entries()) {
    const title = cell === null || cell === undefined ? '' : String(cell).trim();
    if (title === '') {
      names.push(undefined);
      continue;
    }
    const name = byTitle.get(title);
    if (!name) errors.push({ field: `header.${i + 1}`, code: 'UNKNOWN_COLUMN', message: `不支持的列“${title}”` });
    else if (seen.has(name)) errors.push({ field: `header.${i + 1}`, code: 'DUPLICATE_COLUMN', message: `列“${title}”重复` });
    else seen.add(name);
    names.push(name);
  }
  if (errors.length) throw validationError('INVALID_HEADER', errors.map((e) => e.message).join('；'), errors);
  if (seen.size === 0) throw validationError('EMPTY_FILE', '文件没有表头行或内容为空');
  // Without a required column no row can pass: the file is refused whole, naming the column,
  // instead of every row being set aside for the same reason.
  const missing = format.fields.filter((f) => f.required && !seen.has(f.name));
  if (missing.length) {
    const errors = missing.map((f) => ({ field: `header.${f.name}`, code: 'MISSING_COLUMN', message: `缺少必填列“${f.label}”（${f.name}）` }));
    throw validationError('INVALID_HEADER', errors.map((e) => e.message).join('；'), errors);
  }
  return names;
}

/** Builds the row object; empty cells are absent fields (so optional fields stay optional). */
export function rowValues(names: readonly (string | undefined)[], cells: readonly unknown[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (!name) continue;
    let cell = cells[i];
    if (typeof cell === 'string') cell = cell.trim();
    if (cell === '' || cell === null || cell === undefined) continue;
    values[name] = cell;
  }
  return values;
}
