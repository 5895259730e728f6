import { watch } from 'vue';
import { readDraft, removeDraft, writeDraft, type DraftStorage } from '@/session/drafts';

export interface FormDraftOptions<T> {
  /** Fields never kept, e.g. a signed commitment, which the person must tick again knowingly. */
  omit?: readonly (keyof T)[];
  storage?: DraftStorage;
}

/**
 * Keeps what is typed into `form` (a reactive object) as a draft under `key` and puts it back when
 * the form is shown again in the tab, after a refresh or Back. A form as it was first shown keeps
 * no draft; call `clear()` once the form has been sent if the page does not empty it itself.
 *
 * A form about a chosen record (a dialog) passes its key as a function, null while nothing is
 * chosen: choosing a record puts back that record's draft, after the page has reset the form for
 * it. A kept value replaces the form's only where both are of the same kind (or the form's is
 * empty), so a changed form ignores stale drafts.
 */
export function useFormDraft<T extends object>(
  key: string | (() => string | null),
  form: T,
  options: FormDraftOptions<T> = {},
): { restored: boolean; clear(): void } {
  const storage = options.storage ?? sessionStorage;
  const keyNow = typeof key === 'function' ? key : () => key;
  const omit = new Set<keyof T>(options.omit ?? []);
  const fields = (Object.keys(form) as (keyof T)[]).filter((f) => !omit.has(f));
  const snapshot = () => JSON.stringify(Object.fromEntries(fields.map((f) => [f, form[f]])));
  const pristine = snapshot();

  function restore(from: string): boolean {
    const kept = readDraft(storage, from);
    let restored = false;
    for (const f of fields) {
      if (!kept || !(f in kept)) continue;
      const value = kept[f as string];
      const current = form[f] as unknown;
      if (current === undefined || current === null || (value !== null && typeof value === typeof current && Array.isArray(value) === Array.isArray(current))) {
        form[f] = value as T[keyof T];
        restored = true;
      }
    }
    return restored;
  }

  /** The key the form's current content belongs to; while the page switches records it lags behind keyNow(). */
  let bound = keyNow();
  const restored = bound !== null && restore(bound);

  watch(
    snapshot,
    (now) => {
      if (bound === null || keyNow() !== bound) return;
      if (now === pristine) removeDraft(storage, bound);
      else writeDraft(storage, bound, JSON.parse(now) as Record<string, unknown>);
    },
    { flush: 'sync' },
  );
  if (typeof key === 'function') {
    watch(
      keyNow,
      (next) => {
        bound = next;
        if (next !== null) restore(next);
      },
      { flush: 'post' },
    );
  }

  return {
    restored,
    clear: () => {
      if (bound !== null) removeDraft(storage, bound);
    },
  };
}
