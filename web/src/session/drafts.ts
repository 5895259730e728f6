/**
 * What a person typed into a form and has not sent yet, kept in the tab's sessionStorage so a
 * refresh or the browser's Back does not throw it away (`useFormDraft`). Drafts belong to the
 * person: signing out removes every one of them, and so does another person's sign-in in the tab;
 * the same person signing in again after their login ran out finds them where they left them.
 */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'xyd.draft.';
/** Who the tab's drafts belong to (the `sub` of the login that wrote them); outside PREFIX. */
const OWNER_KEY = 'xyd.drafts-owner';

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

/** Every draft in the tab, and whose they were. */
export function removeAllDrafts(storage: DraftStorage): void {
  storage.removeItem(OWNER_KEY);
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}

/**
 * A sign-in in the tab by `person` (null: unknown): the drafts stay when they were left by the
 * same person, and are removed otherwise; from now on they are that person's.
 */
export function takeDraftsFor(storage: DraftStorage, person: string | null): void {
  if (person === null || storage.getItem(OWNER_KEY) !== person) removeAllDrafts(storage);
  if (person === null) storage.removeItem(OWNER_KEY);
  else storage.setItem(OWNER_KEY, person);
}
