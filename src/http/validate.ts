import { z } from 'zod';
import { validationError } from '../platform/errors.js';
import { zodFieldErrors } from '../platform/field-errors.js';
import { platformMessage } from './zod-messages.js';

z.config({ localeError: platformMessage });

/** Parses input with a zod schema; failure is a 400 problem naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const errors = zodFieldErrors(result.error, input);
    throw validationError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('；'), errors);
  }
  return result.data;
}
