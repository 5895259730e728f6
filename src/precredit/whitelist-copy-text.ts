import { copyText } from '../ingestion/records/typed-record-table.js';
import { LineBuffer } from '../platform/line-buffer.js';
import type { Reason } from './evaluate.js';
import type { ResultWrite } from './whitelist.js';

// The white list's results as COPY text, for `precredit_results` or its stage (the store's bulk path on PostgreSQL).

const isoCache = new Map<number, string>();
const iso = (d: Date) => {
  const t = d.getTime();
  let s = isoCache.get(t);
  if (s === undefined) {
    if (isoCache.size > 10_000) isoCache.clear();
    isoCache.set(t, (s = d.toISOString()));
  }
  return s;
};
/** A character JSON or COPY text would escape: control characters, `"`, `\\`, and surrogates (JSON escapes a lone one). */
const ESCAPED = /[^\u0020\u0021\u0023-\u005b\u005d-\ud7ff\ue000-\uffff]/;
/** A string as a JSON string literal that is also safe in COPY text: quoted as is when nothing in it is escaped. */
const quoted = (s: string): string => (ESCAPED.test(s) ? copyText(JSON.stringify(s)) : `"${s}"`);

/**
 * `copyText(JSON.stringify(reasons))`, written out (tested equal): the reasons are the one
 * column with Chinese text, and `JSON.stringify` of an array of objects holding two-byte strings
 * cost about twice as much per row.
 */
export function reasonsCopyText(reasons: readonly Reason[]): string {
  let s = '[';
  for (let i = 0; i < reasons.length; i++) {
    const r = reasons[i]!;
    const deviation = Number.isFinite(r.deviation) ? r.deviation : null;
    s += `${i === 0 ? '' : ','}{"code":${quoted(r.code)},"text":${quoted(r.text)},"effect":"${r.effect}","deviation":${deviation}}`;
  }
  return `${s}]`;
}

/**
 * Adds `columns(w)` and `suffix` as one COPY text line, written out: only the names in reasons
 * can hold characters COPY escapes. The ASCII columns before the reasons (Chinese text) go in
 * on their own, so they are not first copied into one two-byte string; the point and bin arrays
 * are written as digits.
 */
function addCopyLine(lines: LineBuffer, w: ResultWrite, suffix: string): void {
  const e = w.evaluation;
  lines.add(`${w.uscc}\t${w.enterpriseId}\t${w.modelId}\t${w.modelVersion}\t${w.inputsHash}\t${e.decision}\t${e.score}\t${e.grade ?? '\\N'}\t${e.limit ?? '\\N'}\t`);
  lines.addIntArray(e.points);
  lines.addAscii(TAB);
  lines.addIntArray(e.bins);
  lines.add(`\t${reasonsCopyText(e.reasons)}\t${w.listed ? 't' : 'f'}\t${iso(w.evaluatedAt)}\t${iso(w.validUntil)}${suffix}\n`);
}
const TAB = 0x09;

/** The COPY text of a chunk's results; `replacing` as for `WhitelistStore.writeResults`. */
export function encodeResults(bankId: string, seq: number, rows: readonly ResultWrite[], replacing: boolean): Buffer {
  // Rows with no previous result cannot conflict (one run per bank at a time): straight in.
  const suffix = replacing ? '' : `\t${bankId}\tt\t${seq}`;
  const lines = new LineBuffer(rows.length * 768);
  for (const w of rows) addCopyLine(lines, w, suffix);
  return lines.take();
}
