import type { FieldLayout } from './feed-format.js';

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

export function csvLine(fields: readonly FieldLayout[], row: Record<string, unknown>): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) line += (i ? ',' : '') + csvCell(row[fields[i]!.name]);
  return line + '\n';
}

/** JSONL: the mapped row's keys are already in layout order, so the text is stable. */
export const jsonLine = (row: Record<string, unknown>): string => JSON.stringify(row) + '\n';
