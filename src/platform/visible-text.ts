/**
 * Whitespace and characters that render as nothing: controls, format characters (zero-width,
 * BOM, bidi marks), Hangul fillers, variation selectors. Free text is trimmed of them at both
 * ends; text with nothing else is empty.
 */
const INVISIBLE_CLASS = '[\\s\\p{Cc}\\p{Cf}\\u115F\\u1160\\u3164\\uFFA0\\u034F\\u180B-\\u180F\\uFE00-\\uFE0F]';
const EDGES = new RegExp(`^${INVISIBLE_CLASS}+|${INVISIBLE_CLASS}+$`, 'gu');
/** Control characters other than tab and line breaks, which multi-line text may hold. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export const trimInvisible = (value: string): string => value.replace(EDGES, '');
export const hasControlCharacter = (value: string): boolean => CONTROL.test(value);
