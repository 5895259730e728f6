import type { BankConnectionRow, BankConnectionStore } from './bank-connection-store.js';

/** Rows by bank code; counts reads, so tests can see what the cache asked for. */
export class FakeBankConnectionStore implements BankConnectionStore {
  readonly rows = new Map<string, BankConnectionRow>();
  reads = 0;
  readonly successes: { bankCode: string; at: Date }[] = [];

  async lock(): Promise<void> {}
  async findByInstitution(_tx: unknown, institutionId: string) {
    return [...this.rows.values()].find((r) => r.institutionId === institutionId);
  }
  async findByCode(_tx: unknown, bankCode: string) {
    this.reads += 1;
    return this.rows.get(bankCode);
  }
  async list() {
    return [...this.rows.values()];
  }
  async save(): Promise<void> {
    throw new Error('not used by these tests');
  }
  async recordTest(): Promise<void> {}
  async recordSuccess(_tx: unknown, bankCode: string, at: Date) {
    this.successes.push({ bankCode, at });
  }
  async connectedInstitutionIds() {
    return [];
  }
}
