import type { FieldError } from '../../platform/errors.js';

/** One row as read from a file or a JSON line, before validation. Row numbers are 1-based as a user sees them. */
export type RawRow =
  | { readonly rowNumber: number; readonly values: Record<string, unknown> }
  | { readonly rowNumber: number; readonly values: Record<string, unknown>; readonly error: FieldError };
