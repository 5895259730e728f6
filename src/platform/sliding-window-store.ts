import type { DbOrTrx } from '../db/database.js';

/**
 * The events a sliding-window limit counts (`assertWithinSlidingWindow`), one row per event with
 * the key it counts against and its time, kept in the database so every instance counts the
 * same ones; the scheduler deletes those past the window.
 */
export interface SlidingWindowStore {
  /** When the key's `n`-th newest event after `since` happened; undefined: fewer than `n` since. */
  nthNewestSince(db: DbOrTrx, key: string, n: number, since: Date): Promise<Date | undefined>;
  record(db: DbOrTrx, key: string, at: Date): Promise<void>;
  deleteBefore(db: DbOrTrx, before: Date): Promise<number>;
}

/** The store of one table whose rows are (`keyColumn`, `atColumn`), read through an index on both. */
export function slidingWindowStore(table: string, keyColumn: string, atColumn: string): SlidingWindowStore {
  return {
    async nthNewestSince(db, key, n, since) {
      const row = (await db(table)
        .where(keyColumn, key)
        .andWhere(atColumn, '>', since)
        .orderBy(atColumn, 'desc')
        .offset(n - 1)
        .first(atColumn)) as Record<string, Date | string> | undefined;
      return row && new Date(row[atColumn]!);
    },
    async record(db, key, at) {
      await db(table).insert({ [keyColumn]: key, [atColumn]: at });
    },
    async deleteBefore(db, before) {
      return db(table).where(atColumn, '<', before).delete();
    },
  };
}
