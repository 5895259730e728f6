import type { UsernameConflictStore } from './username-conflict-store.js';

/** The answers kept in memory, as the table keeps them. */
export class FakeUsernameConflictStore implements UsernameConflictStore {
  readonly rows: { askedBy: string; at: Date }[] = [];

  async nthNewestSince(_db: unknown, askedBy: string, n: number, since: Date): Promise<Date | undefined> {
    const times = this.rows.filter((r) => r.askedBy === askedBy && r.at > since).map((r) => r.at);
    return times.sort((a, b) => b.getTime() - a.getTime())[n - 1];
  }

  async record(_db: unknown, askedBy: string, at: Date): Promise<void> {
    this.rows.push({ askedBy, at });
  }

  async deleteBefore(_db: unknown, before: Date): Promise<number> {
    const kept = this.rows.filter((r) => r.at >= before);
    const removed = this.rows.length - kept.length;
    this.rows.splice(0, this.rows.length, ...kept);
    return removed;
  }
}
