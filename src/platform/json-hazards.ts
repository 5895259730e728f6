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

const isJsonSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

interface KeyFrame {
  /** The keys seen so far in this object; null for an array. */
  keys: Set<string> | null;
  path: string[];
  /** Arrays: the index of the current element. Objects: the latest key. */
  index: number;
  key: string;
}

/**
 * The first name that appears twice in one object of `text`, a document JSON.parse accepted;
 * undefined when there is none. JSON.parse keeps the last of the two silently, another reader
 * may keep the first, so the platform and the sender (or whoever checked the message on the way)
 * would not agree on what it says: such a body is refused, naming the field. Names are compared
 * after their escapes are read (`"\u0061"` is `"a"`). Objects nested deeper than `maxDepth`
 * are not looked into (`findJsonHazard` refuses those).
 */
export function findDuplicateKey(text: string, maxDepth = MAX_JSON_DEPTH): FieldError | undefined {
  const stack: KeyFrame[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) j += 2;
        else if (d === 0x22) break;
        else j++;
      }
      const frame = stack[stack.length - 1];
      if (frame?.keys && stack.length <= maxDepth) {
        let k = j + 1;
        while (k < n && isJsonSpace(text.charCodeAt(k))) k++;
        if (text.charCodeAt(k) === 0x3a) {
          const key = JSON.parse(text.slice(i, j + 1)) as string;
          if (frame.keys.has(key)) {
            return { field: [...frame.path, key].map(printable).join('.'), code: 'DUPLICATE_KEY', message: `字段“${printable(key)}”在同一对象中出现了两次` };
          }
          frame.keys.add(key);
          frame.key = key;
        }
      }
      i = j + 1;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      const parent = stack[stack.length - 1];
      // Past maxDepth nothing is looked into, so the path is not built either (it would grow with the square of the depth).
      const path = !parent ? [] : stack.length > maxDepth ? parent.path : [...parent.path, parent.keys ? parent.key : String(parent.index)];
      stack.push({ keys: c === 0x7b ? new Set() : null, path, index: 0, key: '' });
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c) {
      const frame = stack[stack.length - 1];
      if (frame && !frame.keys) frame.index++;
    }
    i++;
  }
  return undefined;
}
