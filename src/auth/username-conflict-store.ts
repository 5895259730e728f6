import type { DbOrTrx } from '../db/database.js';

/** The "already taken" answers each account was given, so every instance counts the same ones. */
export interface UsernameConflictStore {
  /** When the account's `n`-th newest answer after `since` was given; undefined: fewer than `n` since. */
  nthNewestSince(db: DbOrTrx, askedBy: string, n: number, since: Date): Promise<Date | undefined>;
  record(db: DbOrTrx, askedBy: string, at: Date): Promise<void>;
  deleteBefore(db: DbOrTrx, before: Date): Promise<number>;
}

export const usernameConflictStore: UsernameConflictStore = {
  async nthNewestSince(db, askedBy, n, since) {
    const row = (await db('username_conflicts')
      .where('asked_by', askedBy)
      .andWhere('answered_at', '>', since)
      .orderBy('answered_at', 'desc')
      .offset(n - 1)
      .first('answered_at')) as { answered_at: Date | string } | undefined;
    return row && new Date(row.answered_at);
  },
  async record(db, askedBy, at) {
    await db('username_conflicts').insert({ asked_by: askedBy, answered_at: at });
  },
  async deleteBefore(db, before) {
    return db('username_conflicts').where('answered_at', '<', before).delete();
  },
};
