/**
 * Row checks compiled field by field from a row's JSON Schema, for rows held as arrays of
 * values in layout order. They are a fast path in front of ajv, not a replacement: a check
 * answers `true` only when ajv would accept the row too (it is at least as strict for every
 * keyword it knows, and it is not built at all for a schema using a keyword it does not
 * know), so a `false` sends the row to ajv, which decides and names record and field.
 * Over millions of rows this skips building a row object and ajv's walk over its keys.
 */
type ValueCheck = (value: unknown) => boolean;
type Schema = Record<string, unknown>;

/** Keywords that do not constrain a value (`x-code-table` is replaced by an `enum`). */
const ANNOTATIONS = new Set(['title', 'description', '$comment', 'x-code-table']);
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

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

function typeCheck(type: string): ValueCheck {
  switch (type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return (v) => typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    default:
      return (v) => v === null;
  }
}

const NUMBER_LIMITS: Record<string, (v: number, limit: number) => boolean> = {
  minimum: (v, l) => v >= l,
  maximum: (v, l) => v <= l,
  exclusiveMinimum: (v, l) => v > l,
  exclusiveMaximum: (v, l) => v < l,
};

/** The check of one property schema, or undefined when it uses a keyword this file does not know. */
export function valueCheck(schema: unknown): ValueCheck | undefined {
  if (schema === true) return () => true;
  if (schema === false) return () => false;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  const checks: ValueCheck[] = [];
  for (const [keyword, arg] of Object.entries(schema as Schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    if (keyword === 'type') {
      const types = Array.isArray(arg) ? arg : [arg];
      if (!types.every((t) => typeof t === 'string' && TYPES.has(t))) return undefined;
      const each = types.map((t) => typeCheck(t as string));
      checks.push(each.length === 1 ? each[0]! : (v) => each.some((c) => c(v)));
    } else if (keyword === 'const') {
      if (!isPrimitive(arg)) return undefined;
      checks.push((v) => v === arg);
    } else if (keyword === 'enum') {
      if (!Array.isArray(arg) || !arg.every(isPrimitive)) return undefined;
      const allowed = new Set(arg);
      checks.push((v) => isPrimitive(v) && allowed.has(v));
    } else if (keyword === 'pattern') {
      if (typeof arg !== 'string') return undefined;
      const re = new RegExp(arg, 'u');
      checks.push((v) => typeof v !== 'string' || re.test(v));
    } else if (keyword === 'minLength' || keyword === 'maxLength') {
      if (typeof arg !== 'number') return undefined;
      const min = keyword === 'minLength';
      checks.push((v) => typeof v !== 'string' || (min ? codePoints(v) >= arg : codePoints(v) <= arg));
    } else if (keyword in NUMBER_LIMITS) {
      if (typeof arg !== 'number') return undefined;
      const within = NUMBER_LIMITS[keyword]!;
      // Stricter than ajv for non-finite numbers: those go to ajv.
      checks.push((v) => typeof v !== 'number' || (Number.isFinite(v) && within(v, arg)));
    } else if (keyword === 'anyOf') {
      if (!Array.isArray(arg) || arg.length === 0) return undefined;
      const branches = arg.map(valueCheck);
      if (branches.some((b) => !b)) return undefined;
      checks.push((v) => branches.some((b) => b!(v)));
    } else {
      return undefined;
    }
  }
  if (checks.length === 1) return checks[0];
  return (v) => {
    for (const check of checks) if (!check(v)) return false;
    return true;
  };
}

/**
 * The check of an object schema over values in the order of `fields` (an undefined value is an
 * absent property), or undefined when the schema cannot be checked field by field: other
 * object keywords, a required property the layout never fills, a field the schema does not
 * allow, or a property schema `valueCheck` does not know.
 */
export function rowValuesCheck(schema: Schema, fields: readonly string[]): ((values: readonly unknown[]) => boolean) | undefined {
  const objectKeywords = new Set(['$schema', '$id', 'type', 'additionalProperties', 'required', 'properties', ...ANNOTATIONS]);
  if (!Object.keys(schema).every((k) => objectKeywords.has(k))) return undefined;
  if (schema.type !== 'object' || (schema.additionalProperties !== undefined && schema.additionalProperties !== false)) return undefined;
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set((schema.required ?? []) as string[]);
  if ([...required].some((name) => !fields.includes(name))) return undefined;
  const checks: ValueCheck[] = [];
  for (const name of fields) {
    if (!Object.hasOwn(properties, name)) {
      if (schema.additionalProperties === false) return undefined;
      checks.push(() => true);
      continue;
    }
    const check = valueCheck(properties[name]);
    if (!check) return undefined;
    checks.push(check);
  }
  const mustHave = fields.map((name) => required.has(name));
  return (values) => {
    for (let i = 0; i < checks.length; i++) {
      const value = values[i];
      if (value === undefined) {
        if (mustHave[i]) return false;
      } else if (!checks[i]!(value)) {
        return false;
      }
    }
    return true;
  };
}
