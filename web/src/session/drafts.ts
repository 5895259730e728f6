/**
 * What a person typed into a form and has not sent yet, kept in the tab's sessionStorage so a
 * refresh or the browser's Back does not throw it away (`useFormDraft`). Drafts belong to the
 * login: signing out, or a fresh sign-in in the tab, removes every one of them.
 */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'xyd.draft.';

export function readDraft(storage: DraftStorage, key: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(storage.getItem(PREFIX + key) ?? 'null');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function writeDraft(storage: DraftStorage, key: string, value: Record<string, unknown>): void {
  try {
    storage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // A full or refused storage keeps no draft; the form itself works as before.
  }
}

export function removeDraft(storage: DraftStorage, key: string): void {
  storage.removeItem(PREFIX + key);
}

export function removeAllDrafts(storage: DraftStorage): void {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}
