/**
 * Whitespace and characters that render as nothing: controls, format characters (zero-width,
 * BOM, bidi marks), Hangul fillers, variation selectors. Free text is trimmed of them at both
 * ends; text with nothing else is empty.
 */
const INVISIBLE_CLASS = '[\\s\\p{Cc}\\p{Cf}\\u115F\\u1160\\u3164\\uFFA0\\u034F\\u180B-\\u180F\\uFE00-\\uFE0F]';
// eslint-disable-next-line no-misleading-character-class -- the class lists invisible combining marks one by one, on purpose
const EDGES = new RegExp(`^${INVISIBLE_CLASS}+|${INVISIBLE_CLASS}+$`, 'gu');

export const trimInvisible = (value: string): string => value.replace(EDGES, '');
/** C0 and C1 control characters other than tab and line breaks, which multi-line text may hold. */
export function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}
