/**
 * Whitespace and characters that render as nothing: controls, format characters (zero-width,
 * BOM, bidi marks), Hangul fillers, variation selectors. Free text is trimmed of them at both
 * ends; text with nothing else is empty.
 */
const INVISIBLE_CLASS = '[\\s\\p{Cc}\\p{Cf}\\u115F\\u1160\\u3164\\uFFA0\\u034F\\u180B-\\u180F\\uFE00-\\uFE0F]';
// eslint-disable-next-line no-misleading-character-class -- the class lists invisible combining marks one by one, on purpose
const INVISIBLE = new RegExp(`^${INVISIBLE_CLASS}$`, 'u');

/**
 * Code units that are never invisible: printable ASCII, CJK symbols and punctuation (after the
 * ideographic space), CJK unified ideographs, fullwidth forms. Text that starts and ends with
 * one has nothing to trim (most cells of bulk files).
 */
const plainlyVisible = (c: number): boolean =>
  (c > 0x20 && c < 0x7f) || (c > 0x3000 && c < 0x3040) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xff01 && c <= 0xff5e);

/** Whether trimInvisible may have something to trim (false: the text starts and ends plainly visible). */
export const mayHaveInvisibleEdges = (value: string): boolean =>
  !(value.length > 0 && plainlyVisible(value.charCodeAt(0)) && plainlyVisible(value.charCodeAt(value.length - 1)));

/**
 * The text without its invisible ends, in time linear in its length: each end is walked one code
 * point at a time. A regular expression for the trailing run (`X+$`) is tried from every position
 * of an inner run and fails at each, quadratic in the run's length: 60,000 spaces inside one field
 * of a body held the event loop for most of a minute.
 */
export function trimInvisible(value: string): string {
  if (!mayHaveInvisibleEdges(value)) return value;
  let start = 0;
  while (start < value.length) {
    const point = String.fromCodePoint(value.codePointAt(start)!);
    if (!INVISIBLE.test(point)) break;
    start += point.length;
  }
  let end = value.length;
  while (end > start) {
    const low = value.charCodeAt(end - 1);
    const high = end - 2 >= start ? value.charCodeAt(end - 2) : 0;
    const from = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? end - 2 : end - 1;
    if (!INVISIBLE.test(value.slice(from, end))) break;
    end = from;
  }
  return value.slice(start, end);
}
/**
 * C0 and C1 control characters other than tab and line breaks, which multi-line text may hold,
 * and the bidi overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069): they reorder
 * what a reader sees ("合同\u202Efdp.exe" shows as 合同exe.pdf). The bidi marks U+200E/U+200F
 * only set the direction of neutral characters and stay allowed.
 */
export function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) return true;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
  }
  return false;
}
