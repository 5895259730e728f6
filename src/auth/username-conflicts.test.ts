import { describe, expect, it } from 'vitest';
import type { Db } from '../db/database.js';
import { FakeClock } from '../platform/clock.js';
import { FakeUsernameConflictStore } from './fake-username-conflict-store.js';
import { UsernameConflicts } from './username-conflicts.js';

describe('UsernameConflicts', () => {
  it('answers "taken" to one account up to the limit in the window, then 429 to any invitation until the oldest answer leaves it', async () => {
    const clock = new FakeClock();
    const store = new FakeUsernameConflictStore();
    const conflicts = new UsernameConflicts({ db: {} as Db, store, clock, limit: { maxPerAccount: 2, windowSeconds: 600 } });
    const answer = (who: string) =>
      conflicts
        .assertWithinLimit(who)
        .then(() => conflicts.refuse(who))
        .catch((e: unknown) => e);
    expect(await answer('admin-a')).toMatchObject({ kind: 'conflict', code: 'USERNAME_TAKEN', errors: [{ field: 'username' }] });
    clock.advance(100_000);
    expect(await answer('admin-a')).toMatchObject({ code: 'USERNAME_TAKEN' });
    clock.advance(100_000);
    expect(await answer('admin-a')).toMatchObject({ kind: 'rate_limited', code: 'USERNAME_CHECKS_RATE_LIMITED', extensions: { retryAfterSeconds: 400 } });
    expect(store.rows).toHaveLength(2);
    await expect(conflicts.assertWithinLimit('admin-a')).rejects.toMatchObject({ code: 'USERNAME_CHECKS_RATE_LIMITED' });
    expect(await answer('admin-b')).toMatchObject({ code: 'USERNAME_TAKEN' });
    clock.advance(401_000);
    expect(await answer('admin-a')).toMatchObject({ code: 'USERNAME_TAKEN' });
    clock.advance(600_000);
    expect(await conflicts.purgeExpired()).toBe(3);
  });
});
