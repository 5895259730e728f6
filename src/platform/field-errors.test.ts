import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { zodFieldErrors } from './field-errors.js';

const errorsOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return zodFieldErrors(result.error);
};

describe('zodFieldErrors', () => {
  it("names a refinement's own code, and never zod's generic CUSTOM", () => {
    const schema = z.object({
      named: z.string().refine((v) => v === 'ok', { message: '不对', params: { code: 'NOT_OK' } }),
      unnamed: z.string().refine((v) => v === 'ok', '不对'),
    });
    expect(errorsOf(schema, { named: 'x', unnamed: 'x' })).toEqual([
      { field: 'named', code: 'NOT_OK', message: '不对' },
      { field: 'unnamed', code: 'INVALID_VALUE', message: '不对' },
    ]);
  });

  it("keeps zod's own codes in upper case and lists each unrecognised key", () => {
    const schema = z.strictObject({ n: z.number() });
    expect(errorsOf(schema, { n: 'x', extra: 1 }).map((e) => [e.field, e.code])).toEqual([
      ['n', 'INVALID_TYPE'],
      ['extra', 'UNRECOGNIZED_KEY'],
    ]);
  });
});
