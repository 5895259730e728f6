import type { Db, DbOrTrx } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import { conflict } from '../platform/errors.js';
import { assertWithinSlidingWindow } from '../platform/sliding-window-limit.js';
import type { UsernameConflictStore } from './username-conflict-store.js';
import type { UserStore } from './user-store.js';

export interface UsernameConflictLimit {
  maxPerAccount: number;
  windowSeconds: number;
}

export interface UsernameConflictDeps {
  db: Db;
  store: UsernameConflictStore;
  users: Pick<UserStore, 'findByUsername'>;
  /** Whether an invitation for the username is neither accepted nor expired at `now`. */
  invitations: { openForUsername(tx: DbOrTrx, username: string, now: Date): Promise<boolean> };
  clock: Clock;
  limit: UsernameConflictLimit;
}

/**
 * "该账号已被使用" for a username taken anywhere on the platform. Usernames are one namespace, so
 * the answer tells whoever invites (an institution admin, an enterprise's legal representative)
 * whether a login exists elsewhere; an account that got it `maxPerAccount` times in the window
 * gets 429 for every invitation until the oldest answer leaves the window, a free name included,
 * or 201 and 429 would tell the same (0045). Each answer is kept on its own connection: the
 * caller's transaction, which the conflict rolls back, would lose it.
 */
export class UsernameConflicts {
  constructor(private readonly deps: UsernameConflictDeps) {}

  /** A username is taken by an account, or by an invitation that may still become one. */
  async isTaken(tx: DbOrTrx, username: string): Promise<boolean> {
    const { users, invitations, clock } = this.deps;
    return (await users.findByUsername(tx, username)) !== undefined || (await invitations.openForUsername(tx, username, clock.now()));
  }

  /** Before any invitation of the account is looked at. */
  async assertWithinLimit(askedBy: string): Promise<void> {
    const { db, store, clock, limit } = this.deps;
    await assertWithinSlidingWindow(
      { max: limit.maxPerAccount, windowSeconds: limit.windowSeconds },
      clock.now(),
      (n, since) => store.nthNewestSince(db, askedBy, n, since),
      { code: 'USERNAME_CHECKS_RATE_LIMITED', message: '账号名重复的次数过多，请稍后再试' },
    );
  }

  async refuse(askedBy: string): Promise<never> {
    const { db, store, clock } = this.deps;
    await store.record(db, askedBy, clock.now());
    throw conflict('USERNAME_TAKEN', '该账号已被使用', [{ field: 'username', code: 'USERNAME_TAKEN', message: '该账号已被使用' }]);
  }

  /** Answers older than the window no longer count; the scheduler purges them with the login failures. */
  purgeExpired(): Promise<number> {
    const { db, store, clock, limit } = this.deps;
    return store.deleteBefore(db, new Date(clock.now().getTime() - limit.windowSeconds * 1_000));
  }
}
