import type { z } from 'zod';
import type { FieldError } from './errors.js';

/** Whether `path` leads to nothing in `input` (a key left out, or given as undefined). */
function absentAt(input: unknown, path: readonly PropertyKey[]): boolean {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return true;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value === undefined;
}

/**
 * The stable code of a zod issue: a custom issue's `params.code`, else zod's own code in upper
 * case. A check that names no code of its own is `INVALID_VALUE`: zod calls every refinement
 * `custom`, which tells the caller nothing. A field left out of `input` (the value parsed) is
 * `REQUIRED`, as the platform's own checks name one, not `INVALID_TYPE`: a caller switching on
 * the code must not see one fault under two names.
 */
export function issueCode(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'invalid_type' && absentAt(input, issue.path)) return 'REQUIRED';
  if (issue.code !== 'custom') return issue.code.toUpperCase();
  return typeof issue.params?.code === 'string' ? issue.params.code : 'INVALID_VALUE';
}

/** A zod failure of parsing `input` as field errors: dotted paths, stable upper-case codes (`issueCode`). */
export function zodFieldErrors(error: z.ZodError, input: unknown): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), code: 'UNRECOGNIZED_KEY', message: `不支持的字段“${key}”` }))
      : [
          {
            field: issue.path.length ? issue.path.join('.') : '(body)',
            code: issueCode(issue, input),
            message: issue.message,
          },
        ],
  );
}
