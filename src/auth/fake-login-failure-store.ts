import type { FailureScope, LoginFailureStore } from './login-failure-store.js';

export class FakeLoginFailureStore implements LoginFailureStore {
  rows: { accountKey: string; ip: string; at: Date }[] = [];

  async countSince(_tx: unknown, by: FailureScope, since: Date) {
    return this.rows.filter((r) => r.at >= since && (by.accountKey === undefined || r.accountKey === by.accountKey) && (by.ip === undefined || r.ip === by.ip)).length;
  }
  async record(_tx: unknown, accountKey: string, ip: string, at: Date) {
    this.rows.push({ accountKey, ip, at });
  }
  async clearAccount(_tx: unknown, accountKey: string) {
    this.rows = this.rows.filter((r) => r.accountKey !== accountKey);
  }
  async deleteBefore(_tx: unknown, before: Date) {
    const kept = this.rows.filter((r) => r.at >= before);
    const removed = this.rows.length - kept.length;
    this.rows = kept;
    return removed;
  }
}
