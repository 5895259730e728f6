/**
 * Domain errors: a stable `code`, a human message (Chinese where a user reads it), and the
 * fields it concerns. They carry no HTTP status; `src/http/problem-middleware.ts` maps the
 * kind to one.
 */
export interface FieldError {
  /** JSON pointer-like dotted path of the offending field, e.g. `uscc` or `items.0.amount`. */
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'unprocessable'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly errors: readonly FieldError[] = [],
    /** Extra members for the problem document, e.g. `retryAfterSeconds`. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const validationError = (code: string, message: string, errors: readonly FieldError[] = []) =>
  new DomainError('validation', code, message, errors);
export const unauthenticated = (code: string, message: string) => new DomainError('unauthenticated', code, message);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
export const conflict = (code: string, message: string, errors: readonly FieldError[] = [], extensions: Readonly<Record<string, unknown>> = {}) =>
  new DomainError('conflict', code, message, errors, extensions);
export const unprocessable = (code: string, message: string, errors: readonly FieldError[] = []) =>
  new DomainError('unprocessable', code, message, errors);
/** A 422 about one field, whose code and message are the problem's own. */
export const unprocessableField = (code: string, field: string, message: string) => unprocessable(code, message, [{ field, code, message }]);
export const rateLimited = (code: string, message: string, retryAfterSeconds: number) =>
  new DomainError('rate_limited', code, message, [], { retryAfterSeconds });
