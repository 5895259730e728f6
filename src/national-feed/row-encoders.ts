/** One output field of a record type's file layout (see `feed-format.ts`). */
export interface FieldLayout {
  /** Output field name (the schema's property). */
  name: string;
  /** Column of the named source that fills it. */
  from: string;
  /** Code table that translates the platform value into the national code. */
  codeTable?: string;
}

/** CSV layout (RFC 4180, UTF-8, LF): header of field names, booleans as 1/0, null as empty. */
export function csvHeader(fields: readonly FieldLayout[]): string {
  return fields.map((f) => f.name).join(',') + '\n';
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value === true) return '1';
  if (value === false) return '0';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line of a row held as values in layout order. */
export function csvValuesLine(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? ',' : '') + csvCell(values[i]);
  return line + '\n';
}

/** JSONL: the mapped row's keys are already in layout order, so the text is stable. */
export const jsonLine = (row: Record<string, unknown>): string => JSON.stringify(row) + '\n';

/** Characters JSON.stringify escapes: controls, quote, backslash, and (lone) surrogates. */
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

function jsonValue(value: unknown): string {
  // Most values are codes, digits and dates: quoting them directly skips JSON.stringify's call.
  if (typeof value === 'string') return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  return JSON.stringify(value);
}

/**
 * `jsonLine` for rows held as values in the order of `names` (undefined = absent), without
 * walking a row's properties: the key text is built once. Gives the same text as `jsonLine`
 * of the row object with those keys (undefined values are left out, as there).
 */
export function jsonValuesEncoder(names: readonly string[]): (values: readonly unknown[]) => string {
  const keys = names.map((n) => `${JSON.stringify(n)}:`);
  return (values) => {
    let line = '{';
    let sep = '';
    for (let i = 0; i < keys.length; i++) {
      const value = values[i];
      if (value === undefined) continue;
      line += sep + keys[i]! + jsonValue(value);
      sep = ',';
    }
    return `${line}}\n`;
  };
}
