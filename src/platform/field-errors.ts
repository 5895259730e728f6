import type { z } from 'zod';
import type { FieldError } from './errors.js';

/**
 * The stable code of a zod issue: a custom issue's `params.code`, else zod's own code in upper
 * case. A check that names no code of its own is `INVALID_VALUE`: zod calls every refinement
 * `custom`, which tells the caller nothing.
 */
export function issueCode(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'custom') return issue.code.toUpperCase();
  return typeof issue.params?.code === 'string' ? issue.params.code : 'INVALID_VALUE';
}

/** A zod failure as field errors: dotted paths, stable upper-case codes (`issueCode`). */
export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), code: 'UNRECOGNIZED_KEY', message: `不支持的字段“${key}”` }))
      : [
          {
            field: issue.path.length ? issue.path.join('.') : '(body)',
            code: issueCode(issue),
            message: issue.message,
          },
        ],
  );
}
