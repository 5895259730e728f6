import { describe, expect, it } from 'vitest';
import { readDraft, removeAllDrafts, takeDraftsFor, writeDraft } from './drafts';
import { fakeDraftStorage } from './fake-draft-storage';

describe('drafts across sign-ins in one tab', () => {
  it('stay for the same person signing in again after their login ran out', () => {
    const storage = fakeDraftStorage();
    takeDraftsFor(storage, 'user-a');
    writeDraft(storage, 'objection', { reasons: '该记录已于上月结清' });
    // The login runs out; nothing is removed until someone signs in.
    takeDraftsFor(storage, 'user-a');
    expect(readDraft(storage, 'objection')).toEqual({ reasons: '该记录已于上月结清' });
  });

  it('are removed before another person, or an unknown one, signs in', () => {
    for (const next of ['user-b', null]) {
      const storage = fakeDraftStorage();
      takeDraftsFor(storage, 'user-a');
      writeDraft(storage, 'objection', { reasons: '该记录已于上月结清' });
      takeDraftsFor(storage, next);
      expect(readDraft(storage, 'objection'), String(next)).toBeNull();
    }
  });

  it('are nobody’s after signing out: even the same person starts afresh', () => {
    const storage = fakeDraftStorage();
    takeDraftsFor(storage, 'user-a');
    writeDraft(storage, 'objection', { reasons: '该记录已于上月结清' });
    removeAllDrafts(storage);
    writeDraft(storage, 'demand', { purpose: '无主草稿' });
    takeDraftsFor(storage, 'user-a');
    expect(readDraft(storage, 'demand')).toBeNull();
  });
});
