import { z } from 'zod';
import { validationError, type FieldError } from '../platform/errors.js';

z.config(z.locales.zhCN());

function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), code: 'UNRECOGNIZED_KEY', message: `不支持的字段“${key}”` }))
      : [{
    field: issue.path.length ? issue.path.join('.') : '(body)',
    code: issue.code === 'custom' && typeof issue.params?.code === 'string' ? issue.params.code : issue.code.toUpperCase(),
    message: issue.message,
  }]);
}

/** Parses input with a zod schema; failure is a 400 problem naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const errors = toFieldErrors(result.error);
    throw validationError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('；'), errors);
  }
  return result.data;
}
