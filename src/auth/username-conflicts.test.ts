import { describe, expect, it } from 'vitest';
import type { Db } from '../db/database.js';
import { FakeClock } from '../platform/clock.js';
import { FakeUserStore } from './fake-user-store.js';
import { FakeSlidingWindowStore } from '../platform/fake-sliding-window-store.js';
import { UsernameConflicts } from './username-conflicts.js';

const noInvitations = { openForUsername: async () => false };

describe('UsernameConflicts', () => {
  it('counts a username as taken by an account or by an invitation open at the time, for whichever service asks', async () => {
    const clock = new FakeClock();
    const users = new FakeUserStore(clock);
    await users.insert({}, { username: 'li.ming', passwordHash: '!', role: 'bank_officer', displayName: '李明', institutionId: 'bank-1', enterpriseId: null });
    const invitedUntil = new Map([['wang.fang', new Date(clock.now().getTime() + 60_000)]]);
    const conflicts = new UsernameConflicts({
      db: {} as Db,
      store: new FakeSlidingWindowStore(),
      users,
      invitations: { openForUsername: async (_tx, username, now) => (invitedUntil.get(username) ?? now) > now },
      clock,
      limit: { maxPerAccount: 2, windowSeconds: 600 },
    });
    expect(await Promise.all(['li.ming', 'wang.fang', 'zhao.lei'].map((u) => conflicts.isTaken({} as Db, u)))).toEqual([true, true, false]);
    clock.advance(61_000);
    expect(await conflicts.isTaken({} as Db, 'wang.fang')).toBe(false);
  });

  it('answers "taken" to one account up to the limit in the window, then 429 to any invitation until the oldest answer leaves it', async () => {
    const clock = new FakeClock();
    const store = new FakeSlidingWindowStore();
    const conflicts = new UsernameConflicts({ db: {} as Db, store, users: new FakeUserStore(clock), invitations: noInvitations, clock, limit: { maxPerAccount: 2, windowSeconds: 600 } });
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
