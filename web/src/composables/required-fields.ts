import { watch, type Ref } from 'vue';
import { focusFirstError } from './focus-first-error';
import type { FieldErrors } from './use-request';

/** A field the form cannot be sent without: its name as the API uses it, whether it is filled, and what to ask for. */
export interface RequiredField<F extends string> {
  field: F;
  filled: () => boolean;
  message: string;
}

/**
 * Required fields checked in the page before anything is sent: every empty one is asked for beside
 * itself, in words that match the field (an amount typed in 万元 is asked for in 万元, not refused
 * as a malformed sum of 元 by the server). Editing a field takes its message away. `check` puts the
 * messages on `errors`, puts the cursor in the first (`focusFirstError`) and returns true when all are filled.
 */
export function useRequiredFields<F extends string>(errors: Ref<FieldErrors<F>>, fields: readonly RequiredField<F>[]) {
  for (const f of fields) {
    watch(f.filled, () => {
      if (errors.value[f.field]) errors.value = { ...errors.value, [f.field]: undefined };
    });
  }
  return {
    check(): boolean {
      const missing = fields.filter((f) => !f.filled());
      if (missing.length) {
        errors.value = Object.fromEntries(missing.map((f) => [f.field, f.message])) as FieldErrors<F>;
        void focusFirstError();
      }
      return missing.length === 0;
    },
  };
}
