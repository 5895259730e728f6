import type { SlidingWindowStore } from './sliding-window-store.js';

/** The events kept in memory, for unit tests: the same answers as a table. */
export class FakeSlidingWindowStore implements SlidingWindowStore {
  readonly rows: { key: string; at: Date }[] = [];

  async nthNewestSince(_db: unknown, key: string, n: number, since: Date): Promise<Date | undefined> {
    const times = this.rows.filter((r) => r.key === key && r.at > since).map((r) => r.at);
    return times.sort((a, b) => b.getTime() - a.getTime())[n - 1];
  }

  async record(_db: unknown, key: string, at: Date): Promise<void> {
    this.rows.push({ key, at });
  }

  async deleteBefore(_db: unknown, before: Date): Promise<number> {
    const kept = this.rows.filter((r) => r.at >= before);
    const removed = this.rows.length - kept.length;
    this.rows.splice(0, this.rows.length, ...kept);
    return removed;
  }
}
