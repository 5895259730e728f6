/**
 * Value-level scrubbing for log records: whatever reaches a log line (error objects with a raw
 * request body, driver messages quoting values, headers) passes through here first. Keys that
 * name a secret are replaced whole; in every other string, values shaped like a secret are.
 */
export const REDACTED = '[redacted]';

/** Keys whose values are never logged, whatever they look like. */
const SECRET_KEY = /pass(word|wd)|^pass$|pwd|secret|token|authori[sz]ation|cookie|api[-_]?key|id[-_]?(card|number|no)|身份证|mobile|phone|手机/i;

const PATTERNS: readonly [RegExp, string][] = [
  // key=value / "key":"value" pairs inside text (query strings, raw JSON bodies, SQL)
  [
    /((?:pass(?:word|wd)?|secret|token|authori[sz]ation|cookie|api[-_]?key|id[-_]?(?:card|number|no)|mobile|phone)[\w-]*"?\s*[:=]\s*"?)([^"&\s,;}]+)/gi,
    `$1${REDACTED}`,
  ],
  [/\b(Bearer|Basic)\s+[\w+/=.~-]+/gi, `$1 ${REDACTED}`],
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, REDACTED],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, REDACTED],
  // 身份证号 (18 characters, last may be X; or the old 15 digits) and mainland mobiles
  [/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, REDACTED],
  [/(?<![\dA-Za-z])\d{15}(?![\dA-Za-z])/g, REDACTED],
  [/(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d{9}(?!\d)/g, REDACTED],
];

export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** A scrubbed deep copy (errors become plain objects keeping type, message, stack and own fields). */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[depth limit]';
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (value instanceof Error) {
    out.type = value.constructor.name;
    out.message = scrubText(value.message);
    if (value.stack) out.stack = scrubText(value.stack);
    if (value.cause !== undefined) out.cause = scrub(value.cause, depth + 1);
  }
  for (const key of Object.keys(source)) {
    if (key === 'type' && 'type' in out) continue;
    out[key] = SECRET_KEY.test(key) ? REDACTED : scrub(source[key], depth + 1);
  }
  return out;
}
