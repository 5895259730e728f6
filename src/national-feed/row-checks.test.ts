import { describe, expect, it } from 'vitest';
import { loadFeedFormat } from './feed-format.js';
import { rowValuesCheck, valueCheck } from './row-checks.js';

const v1 = loadFeedFormat('v1');

/** Values tried in every field: shapes the sources give, near misses, and wrong types. */
const POOL: unknown[] = [
  '', 'a', 'x'.repeat(100), 'x'.repeat(101), '😀'.repeat(100), '\ud800', '2026-11-06', '2026-11', '2026-13-01', '2026-11-31x',
  '91420200MA4C0KXB3Y', '91420200MA4C0KXB3I', '45', '45.123456', '45.1234567', '3.8500', '-1', '0', '01', '1000', '420202',
  null, true, false, 0, 1, 12, 600, 601, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, undefined, {}, [], 'x',
  ...[...v1.codeTables.values()].flatMap((t) => Object.values(t.codes).map((c) => c.code)),
  ...v1.rowTypes.map((t) => t.layout.recordType),
];

describe('row checks compiled from the row schemas', () => {
  it('accept exactly the rows ajv accepts, for every field of every v1 record type', () => {
    for (const type of v1.rowTypes) {
      const names = type.layout.fields.map((f) => f.name);
      // A valid row: for each field the first pool value ajv finds nothing wrong with there.
      const base = names.map((name, i) =>
        POOL.find((value) => {
          const values = names.map((_, j) => (j === i ? value : null));
          return !type.check(type.toRow(values)).some((issue) => issue.field === name);
        }),
      );
      expect(type.check(type.toRow(base)), type.layout.recordType).toEqual([]);
      let tried = 0;
      let accepted = 0;
      for (let i = 0; i < names.length; i++) {
        for (const value of POOL) {
          const values = base.map((v, j) => (j === i ? value : v));
          const ajvValid = type.check(type.toRow(values)).length === 0;
          expect(type.passes(values), `${type.layout.recordType}.${names[i]} = ${String(value)}`).toBe(ajvValid);
          tried++;
          if (ajvValid) accepted++;
        }
      }
      expect(accepted, type.layout.recordType).toBeGreaterThan(names.length);
      expect(accepted).toBeLessThan(tried);
    }
  });

  it('count string length in code points, as JSON Schema does', () => {
    const check = valueCheck({ type: 'string', minLength: 2, maxLength: 2 })!;
    expect(check('😀😀')).toBe(true);
    expect(check('😀')).toBe(false);
    expect(check('abc')).toBe(false);
  });

  it('are not built for a keyword they do not know, so ajv checks those rows', () => {
    expect(valueCheck({ type: 'string', format: 'date' })).toBeUndefined();
    expect(valueCheck({ anyOf: [{ type: 'string' }, { not: { type: 'null' } }] })).toBeUndefined();
    expect(valueCheck({ enum: [{ a: 1 }] })).toBeUndefined();
    const object = { type: 'object', additionalProperties: false, required: ['a'], properties: { a: { type: 'string' } } };
    expect(rowValuesCheck(object, ['a'])).toBeDefined();
    expect(rowValuesCheck({ ...object, minProperties: 1 }, ['a'])).toBeUndefined();
    expect(rowValuesCheck(object, ['a', 'b'])).toBeUndefined();
    expect(rowValuesCheck({ ...object, required: ['a', 'c'] }, ['a'])).toBeUndefined();
  });
});
