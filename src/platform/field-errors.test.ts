import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { zodFieldErrors } from './field-errors.js';

const errorsOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return zodFieldErrors(result.error, value);
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

  it('names a field left out REQUIRED, whatever its type or message, and a value of the wrong type INVALID_TYPE', () => {
    const schema = z.object({
      text: z.string(),
      count: z.number().int(),
      flag: z.boolean(),
      nested: z.object({ rate: z.string() }),
      list: z.array(z.string()),
      named: z.string({ error: '缺少名称' }),
    });
    const codes = (value: unknown) => errorsOf(schema, value).map((e) => [e.field, e.code]);
    expect(codes({ nested: {}, flag: undefined })).toEqual([
      ['text', 'REQUIRED'],
      ['count', 'REQUIRED'],
      ['flag', 'REQUIRED'],
      ['nested.rate', 'REQUIRED'],
      ['list', 'REQUIRED'],
      ['named', 'REQUIRED'],
    ]);
    expect(codes({ text: 1, count: '1', flag: 'yes', nested: { rate: 3.85 }, list: 'a', named: null })).toEqual([
      ['text', 'INVALID_TYPE'],
      ['count', 'INVALID_TYPE'],
      ['flag', 'INVALID_TYPE'],
      ['nested.rate', 'INVALID_TYPE'],
      ['list', 'INVALID_TYPE'],
      ['named', 'INVALID_TYPE'],
    ]);
  });
});
