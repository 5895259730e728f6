import type { DbOrTrx } from '../db/database.js';

/**
 * Failed logins, kept in the database so every app instance counts the same attempts.
 */
export type FailureScope = { accountKey: string; ip?: undefined } | { accountKey?: undefined; ip: string } | { accountKey: string; ip: string };

export interface LoginFailureStore {
  /** Failures since `since` of the account, of the client address, or of the two together. */
  countSince(tx: DbOrTrx, by: FailureScope, since: Date): Promise<number>;
  record(tx: DbOrTrx, accountKey: string, ip: string, at: Date): Promise<void>;
  clearAccount(tx: DbOrTrx, accountKey: string): Promise<void>;
  deleteBefore(tx: DbOrTrx, before: Date): Promise<number>;
}

export const loginFailureStore: LoginFailureStore = {
  async countSince(tx, by, since) {
    const query = tx('login_failures').where('failed_at', '>=', since);
    if (by.accountKey !== undefined) query.andWhere('account_key', by.accountKey);
    if (by.ip !== undefined) query.andWhere('ip', by.ip);
    const row = await query.count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  },
  async record(tx, accountKey, ip, at) {
    await tx('login_failures').insert({ account_key: accountKey, ip, failed_at: at });
  },
  async clearAccount(tx, accountKey) {
    await tx('login_failures').where({ account_key: accountKey }).delete();
  },
  async deleteBefore(tx, before) {
    return tx('login_failures').where('failed_at', '<', before).delete();
  },
};
