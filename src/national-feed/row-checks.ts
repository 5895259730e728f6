/**
 * Row checks compiled field by field from a row's JSON Schema, for rows held as arrays of
 * values in layout order. They are a fast path in front of ajv, not a replacement: a check
 * answers `true` only when ajv would accept the row too (it is at least as strict for every
 * keyword it knows, and it is not built at all for a schema using a keyword it does not
 * know), so a `false` sends the row to ajv, which decides and names record and field.
 * Over millions of rows this skips building a row object and ajv's walk over its keys.
 *
 * Like ajv, the check is compiled into one function per record type (one call per row, no
 * call per keyword). The generated text holds only operators, indexes and local names:
 * every value from the schema (constants, patterns, limits) is passed in through `k`.
 */
type Check = (value: unknown) => boolean;
type Schema = Record<string, unknown>;

/** Keywords that do not constrain a value (`x-code-table` is replaced by an `enum`). */
const ANNOTATIONS = new Set(['title', 'description', '$comment', 'x-code-table']);

const TYPE_TESTS: Record<string, (v: string) => string> = {
  string: (v) => `typeof ${v} === "string"`,
  number: (v) => `Number.isFinite(${v})`,
  integer: (v) => `Number.isInteger(${v})`,
  boolean: (v) => `typeof ${v} === "boolean"`,
  null: (v) => `${v} === null`,
};

const LIMITS: Record<string, string> = { minimum: '>=', maximum: '<=', exclusiveMinimum: '>', exclusiveMaximum: '<' };

const isPrimitive = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** Length in Unicode code points, as JSON Schema (and ajv) count it. */
function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n--;
      i++;
    }
  }
  return n;
}

/** Constants the generated code reads as `k[i]`. */
class Constants {
  readonly values: unknown[] = [];
  ref(value: unknown): string {
    this.values.push(value);
    return `k[${this.values.length - 1}]`;
  }
}

/** A boolean expression over the variable `v` for one schema, or undefined for a keyword this file does not know. */
function expression(schema: unknown, v: string, k: Constants): string | undefined {
  if (schema === true) return 'true';
  if (schema === false) return 'false';
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  const parts: string[] = [];
  for (const [keyword, arg] of Object.entries(schema as Schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    if (keyword === 'type') {
      const types = Array.isArray(arg) ? arg : [arg];
      if (types.length === 0 || !types.every((t) => typeof t === 'string' && Object.hasOwn(TYPE_TESTS, t))) return undefined;
      parts.push(`(${types.map((t) => TYPE_TESTS[t as string]!(v)).join(' || ')})`);
    } else if (keyword === 'const') {
      if (!isPrimitive(arg)) return undefined;
      parts.push(`${v} === ${k.ref(arg)}`);
    } else if (keyword === 'enum') {
      if (!Array.isArray(arg) || !arg.every(isPrimitive)) return undefined;
      parts.push(`${k.ref(new Set(arg))}.has(${v})`);
    } else if (keyword === 'pattern') {
      if (typeof arg !== 'string') return undefined;
      parts.push(`(typeof ${v} !== "string" || ${k.ref(new RegExp(arg, 'u'))}.test(${v}))`);
    } else if (keyword === 'minLength' || keyword === 'maxLength') {
      if (typeof arg !== 'number') return undefined;
      // A string of n UTF-16 units has between n/2 and n code points: count only when that does not settle it.
      const n = k.ref(arg);
      parts.push(
        keyword === 'minLength'
          ? `(typeof ${v} !== "string" || ${v}.length >= 2 * ${n} || cp(${v}) >= ${n})`
          : `(typeof ${v} !== "string" || ${v}.length <= ${n} || cp(${v}) <= ${n})`,
      );
    } else if (Object.hasOwn(LIMITS, keyword)) {
      if (typeof arg !== 'number') return undefined;
      // Stricter than ajv for non-finite numbers: those go to ajv.
      parts.push(`(typeof ${v} !== "number" || (Number.isFinite(${v}) && ${v} ${LIMITS[keyword]} ${k.ref(arg)}))`);
    } else if (keyword === 'anyOf') {
      if (!Array.isArray(arg) || arg.length === 0) return undefined;
      const branches = arg.map((branch) => expression(branch, v, k));
      if (branches.some((b) => b === undefined)) return undefined;
      parts.push(`(${branches.join(' || ')})`);
    } else {
      return undefined;
    }
  }
  return parts.length === 0 ? 'true' : parts.join(' && ');
}

/** The check of one property schema, or undefined when it uses a keyword this file does not know. */
export function valueCheck(schema: unknown): Check | undefined {
  const k = new Constants();
  const test = expression(schema, 'v', k);
  if (test === undefined) return undefined;
  return new Function('k', 'cp', `return (v) => ${test};`)(k.values, codePoints) as Check;
}

/**
 * The check of an object schema over values in the order of `fields` (an undefined value is an
 * absent property), or undefined when the schema cannot be checked field by field: other
 * object keywords, a required property the layout never fills, a field the schema does not
 * allow, or a property schema using a keyword this file does not know.
 */
export function rowValuesCheck(schema: Schema, fields: readonly string[]): ((values: readonly unknown[]) => boolean) | undefined {
  const objectKeywords = new Set(['$schema', '$id', 'type', 'additionalProperties', 'required', 'properties', ...ANNOTATIONS]);
  if (!Object.keys(schema).every((key) => objectKeywords.has(key))) return undefined;
  if (schema.type !== 'object' || (schema.additionalProperties !== undefined && schema.additionalProperties !== false)) return undefined;
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set((schema.required ?? []) as string[]);
  if ([...required].some((name) => !fields.includes(name))) return undefined;
  const k = new Constants();
  const lines: string[] = [];
  for (const [i, name] of fields.entries()) {
    if (!Object.hasOwn(properties, name)) {
      if (schema.additionalProperties === false) return undefined;
      continue;
    }
    const test = expression(properties[name], 'v', k);
    if (test === undefined) return undefined;
    lines.push(`v = values[${i}];`, required.has(name) ? `if (v === undefined || !(${test})) return false;` : `if (v !== undefined && !(${test})) return false;`);
  }
  const source = `return (values) => {\n  let v;\n  ${lines.join('\n  ')}\n  return true;\n};`;
  return new Function('k', 'cp', source)(k.values, codePoints) as (values: readonly unknown[]) => boolean;
}
