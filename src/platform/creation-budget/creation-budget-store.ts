import type { DbOrTrx } from '../../db/database.js';

/** The resources each enterprise created lately, so every instance counts the same ones. */
export interface CreationBudgetStore {
  /** When the enterprise's `n`-th newest creation after `since` happened; undefined: fewer than `n` since. */
  nthNewestSince(db: DbOrTrx, enterpriseId: string, n: number, since: Date): Promise<Date | undefined>;
  record(db: DbOrTrx, enterpriseId: string, at: Date): Promise<void>;
  deleteBefore(db: DbOrTrx, before: Date): Promise<number>;
}

export const creationBudgetStore: CreationBudgetStore = {
  async nthNewestSince(db, enterpriseId, n, since) {
    const row = (await db('enterprise_creations')
      .where('enterprise_id', enterpriseId)
      .andWhere('created_at', '>', since)
      .orderBy('created_at', 'desc')
      .offset(n - 1)
      .first('created_at')) as { created_at: Date | string } | undefined;
    return row && new Date(row.created_at);
  },
  async record(db, enterpriseId, at) {
    await db('enterprise_creations').insert({ enterprise_id: enterpriseId, created_at: at });
  },
  async deleteBefore(db, before) {
    return db('enterprise_creations').where('created_at', '<', before).delete();
  },
};
