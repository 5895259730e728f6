import { normalizeUscc, validateUscc, type UsccIssue, type UsccWarningCode } from '@server/platform/uscc';

/**
 * The server's USCC rules (imported, not copied) applied while the code is still being typed:
 * a partial code is padded with '0' so that a character or region error already made is reported
 * at once, with the server's own message, while a code that is merely short is not an error yet.
 */
export type UsccTyping =
  | { state: 'empty' }
  | { state: 'partial'; length: number }
  | { state: 'invalid'; code: string; message: string }
  | { state: 'valid'; uscc: string; warnings: readonly UsccIssue<UsccWarningCode>[] };

const EARLY_ERRORS = new Set(['USCC_CHARSET', 'USCC_REGION']);

export const USCC_LENGTH = 18;

export function checkUsccAsTyped(input: string): UsccTyping {
  const typed = normalizeUscc(input);
  if (typed.length === 0) return { state: 'empty' };
  if (typed.length < USCC_LENGTH) {
    const padded = validateUscc(typed.padEnd(USCC_LENGTH, '0'));
    if (!padded.ok && EARLY_ERRORS.has(padded.error.code)) return { state: 'invalid', ...padded.error };
    return { state: 'partial', length: typed.length };
  }
  return checkUsccComplete(input);
}

/** The full server check, for leaving the field and for submitting. */
export function checkUsccComplete(input: string): UsccTyping {
  const result = validateUscc(input);
  return result.ok ? { state: 'valid', uscc: result.uscc, warnings: result.warnings } : { state: 'invalid', ...result.error };
}
