import { describe, expect, it } from 'vitest';
// @ts-expect-error the driver's helpers have no types
import pgUtils from 'pg/lib/utils.js';
import { textArrayLiteral } from './array-literal.js';

const driverLiteral = (values: readonly (string | null)[]) => (pgUtils as { prepareValue(v: unknown): string }).prepareValue(values);

describe('textArrayLiteral', () => {
  it('writes what the pg driver writes for the same array, quotes and backslashes escaped', () => {
    for (const values of [[], ['a'], ['91330100MA2XXXXX1Y', null, 'x y'], ['say "hi"', 'back\\slash', '{,}', 'NULL', ''], ['统一社会信用代码']]) {
      expect(textArrayLiteral(values)).toBe(driverLiteral(values));
    }
  });
});
