import type { CreationBudgetStore } from './creation-budget-store.js';

/** In memory, for unit tests: the same answers as the table. */
export class FakeCreationBudgetStore implements CreationBudgetStore {
  readonly rows: { enterpriseId: string; at: Date }[] = [];

  async nthNewestSince(_db: unknown, enterpriseId: string, n: number, since: Date) {
    const times = this.rows
      .filter((r) => r.enterpriseId === enterpriseId && r.at > since)
      .map((r) => r.at)
      .sort((a, b) => b.getTime() - a.getTime());
    return times[n - 1];
  }

  async record(_db: unknown, enterpriseId: string, at: Date) {
    this.rows.push({ enterpriseId, at });
  }

  async deleteBefore(_db: unknown, before: Date) {
    const kept = this.rows.filter((r) => r.at >= before);
    const deleted = this.rows.length - kept.length;
    this.rows.splice(0, this.rows.length, ...kept);
    return deleted;
  }
}
