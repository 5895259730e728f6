import type { DbOrTrx } from '../db/database.js';

/**
 * Failed logins, kept in the database so every app instance counts the same attempts.
 */
export interface LoginFailureStore {
  countSince(tx: DbOrTrx, by: { accountKey: string } | { ip: string }, since: Date): Promise<number>;
  record(tx: DbOrTrx, accountKey: string, ip: string, at: Date): Promise<void>;
  clearAccount(tx: DbOrTrx, accountKey: string): Promise<void>;
  deleteBefore(tx: DbOrTrx, before: Date): Promise<number>;
}

export const loginFailureStore: LoginFailureStore = {
  async countSince(tx, by, since) {
    const column = 'accountKey' in by ? 'account_key' : 'ip';
    const value = 'accountKey' in by ? by.accountKey : by.ip;
    const row = await tx('login_failures').where(column, value).andWhere('failed_at', '>=', since).count({ n: '*' }).first();
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
