import type { z } from 'zod';
import type { FieldError } from './errors.js';

/** A zod failure as field errors: dotted paths, stable upper-case codes (a custom issue's `params.code` wins). */
export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), code: 'UNRECOGNIZED_KEY', message: `不支持的字段“${key}”` }))
      : [
          {
            field: issue.path.length ? issue.path.join('.') : '(body)',
            code: issue.code === 'custom' && typeof issue.params?.code === 'string' ? issue.params.code : issue.code.toUpperCase(),
            message: issue.message,
          },
        ],
  );
}
