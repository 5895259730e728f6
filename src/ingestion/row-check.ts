import type { z } from 'zod';
import { lastAnswer } from '../platform/last-answer.js';

/**
 * Typed row checks in front of the category schemas (bulk loads are a million rows a month per
 * category; zod per row was most of the platform's CPU per row). Each field type of
 * `field-types.ts` registers, beside its zod schema, a check of one text value that returns the
 * value the schema would produce, or `UNDECIDED` for anything else (a near miss, a number from
 * JSON, `2026/09`). A format's row check accepts a row only when every field's check vouches for
 * its value; every other row goes to the schema, so rejections and their error codes always
 * come from zod. `src/ingestion/row-check.test.ts` proves the two agree for every category.
 */
export const UNDECIDED: unique symbol = Symbol('undecided');
/** A function of the text alone, giving a primitive value (a file's repeated cells share one answer, see cellsCheckOf). */
export type ValueCheck = (value: string) => unknown;

const checks = new WeakMap<z.ZodType, ValueCheck>();

/** Registers `check` as the typed check of `schema` (the very instance a format's shape holds). */
export function withValueCheck<T extends z.ZodType>(schema: T, check: ValueCheck): T {
  checks.set(schema, check);
  return schema;
}

interface FieldPlan {
  readonly name: string;
  readonly check: ValueCheck;
  /** A field the row leaves out: the schema requires it (undefined: undecided), drops it, or gives its default. */
  readonly absent: 'required' | 'omitted' | { readonly value: unknown };
}

export type RowCheck = (values: Record<string, unknown>) => Record<string, unknown> | undefined;

/**
 * The row check of a file row given as its cells: `names` is the field of each column (from the
 * header; undefined for an untitled column, whose cells are ignored). A cell is trimmed and an
 * empty cell is an absent field, as the readers build a row's values (header-map.ts `rowValues`),
 * so for the same cells it returns exactly what the row check returns for those values.
 */
export type CellsCheck = (cells: readonly string[]) => Record<string, unknown> | undefined;

interface Wrapper {
  def: { type: string; innerType?: z.ZodType; defaultValue?: unknown };
}

/** Each field's check, in the shape's order; undefined when a field has no registered check. */
function fieldPlans(shape: Readonly<Record<string, z.ZodType>>): FieldPlan[] | undefined {
  const plans: FieldPlan[] = [];
  for (const [name, schema] of Object.entries(shape)) {
    const { def } = schema as unknown as Wrapper;
    const inner = (def.type === 'optional' || def.type === 'default') && def.innerType ? def.innerType : schema;
    const check = checks.get(inner);
    if (!check) return undefined;
    // A default is returned as it is, without parsing (zod 4's `.default`, unlike `.prefault`).
    const absent = inner === schema ? 'required' : def.type === 'optional' ? 'omitted' : { value: def.defaultValue };
    plans.push({ name, check, absent });
  }
  return plans;
}

/** A field the row leaves out (no value, or an empty cell). */
const ABSENT: unique symbol = Symbol('absent');

/**
 * Puts the schema's output for one field into `out`: `checked` is the field's check of its text,
 * or ABSENT when the row leaves the field out. False when the check does not vouch for the text
 * or the schema requires the field (the schema decides).
 */
function takeField(plan: FieldPlan, checked: unknown, out: Record<string, unknown>): boolean {
  if (checked === UNDECIDED) return false;
  if (checked !== ABSENT) out[plan.name] = checked;
  else if (plan.absent === 'required') return false;
  else if (plan.absent !== 'omitted') out[plan.name] = plan.absent.value;
  return true;
}

/**
 * The row check of a strict object schema's shape: the schema's output for rows whose values
 * are all text its fields' checks vouch for, undefined for every other row. Undefined as a
 * whole when a field has no registered check (that format then uses the schema alone).
 */
export function rowCheckOf(shape: Readonly<Record<string, z.ZodType>>): RowCheck | undefined {
  const plans = fieldPlans(shape);
  if (!plans) return undefined;
  const known = new Set(plans.map((p) => p.name));
  return (values) => {
    // The schema is strict: an unknown field is the schema's to name.
    for (const key in values) if (!known.has(key)) return undefined;
    const out: Record<string, unknown> = {};
    for (const plan of plans) {
      const present = Object.hasOwn(values, plan.name);
      const value = present ? values[plan.name] : undefined;
      // A value that is not text, or a key present with undefined, is the schema's to decide.
      if (typeof value !== 'string' && present) return undefined;
      if (!takeField(plan, value === undefined ? ABSENT : plan.check(value as string), out)) return undefined;
    }
    return out;
  };
}

/**
 * The cells check (see CellsCheck) of a shape for a header's `names`; undefined as rowCheckOf is.
 * Each column remembers its last cell and that cell's check: the checks are functions of the
 * text alone, and a delivery repeats values down a column (the CSV reader hands a repeat over as
 * the same string), so a repeated cell is not checked again.
 */
export function cellsCheckOf(shape: Readonly<Record<string, z.ZodType>>): ((names: readonly (string | undefined)[]) => CellsCheck) | undefined {
  const plans = fieldPlans(shape);
  if (!plans) return undefined;
  return (names) => {
    const columns = plans.map((plan) => ({
      plan,
      column: names.indexOf(plan.name),
      check: lastAnswer((cell: string): unknown => {
        const text = cell.trim();
        return text === '' ? ABSENT : plan.check(text);
      }),
    }));
    return (cells) => {
      const out: Record<string, unknown> = {};
      for (const c of columns) {
        const cell = c.column >= 0 && c.column < cells.length ? cells[c.column]! : '';
        if (!takeField(c.plan, c.check(cell), out)) return undefined;
      }
      return out;
    };
  };
}
