import type { FieldError } from './errors.js';

/**
 * Values no request may carry, whatever its schema: keys that reach object prototypes, NUL (which
 * PostgreSQL text and jsonb cannot store), lone UTF-16 surrogates (not Unicode; jsonb refuses
 * them) and nesting deeper than any of our formats uses (deep values overflow recursive code
 * such as JSON.stringify). Checked before any parsing by a schema, on every JSON and form body,
 * the query string and the decrypted content of bank callbacks.
 */
export const MAX_JSON_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A field path for messages: dotted, with NUL and lone surrogates shown as U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const printable = (segment: string) => segment.replaceAll('\u0000', '\ufffd').replace(new RegExp(LONE_SURROGATE, 'g'), '\ufffd');

const SURROGATE = /[\uD800-\uDFFF]/;

function stringHazard(value: string): { code: string; message: string } | undefined {
  if (value.includes('\u0000')) return { code: 'NUL_CHARACTER', message: '不能包含空字符（U+0000）' };
  if (SURROGATE.test(value) && LONE_SURROGATE.test(value)) return { code: 'LONE_SURROGATE', message: '包含无效的 Unicode 字符（孤立代理项）' };
  return undefined;
}

/**
 * Whether `value` is an object of primitives with no hazard in its keys or text (every row of
 * a file, most bodies): one pass without the paths the general walk builds per value.
 */
function isFlatAndSafe(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key) || stringHazard(key)) return false;
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === 'string' ? stringHazard(child) : child !== null && typeof child === 'object') return false;
  }
  return true;
}

/** The first hazard in `value`, as a field error; undefined when there is none. Iterative: any depth is safe. */
export function findJsonHazard(value: unknown, maxDepth = MAX_JSON_DEPTH): FieldError | undefined {
  // Anything else, hazards included, takes the general walk, which names the field.
  if (maxDepth >= 1 && isFlatAndSafe(value)) return undefined;
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  const field = (path: string[]) => (path.length ? path.map(printable).join('.') : '(body)');
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const hazard = stringHazard(current);
      if (hazard) return { field: field(path), ...hazard };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (path.length >= maxDepth) {
      return { field: field(path), code: 'JSON_TOO_DEEP', message: `嵌套层级超过 ${maxDepth} 层` };
    }
    const entries = Array.isArray(current) ? current.map((v, i) => [String(i), v] as const) : Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const at = [...path, key];
      if (FORBIDDEN_KEYS.has(key)) return { field: field(at), code: 'FORBIDDEN_KEY', message: `不允许使用字段名“${key}”` };
      const keyHazard = stringHazard(key);
      if (keyHazard) return { field: field(at), code: keyHazard.code, message: `字段名${keyHazard.message}` };
      stack.push({ value: child, path: at });
    }
  }
  return undefined;
}
