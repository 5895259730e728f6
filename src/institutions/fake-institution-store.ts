import { randomUUID } from 'node:crypto';
import type { InstitutionRecord } from './institution.js';
import type { InstitutionStore, NewInstitution } from './institution-store.js';

export class FakeInstitutionStore implements InstitutionStore {
  readonly rows: InstitutionRecord[] = [];

  async findById(_tx: unknown, id: string) {
    return this.rows.find((i) => i.id === id);
  }
  async list(_tx: unknown, filter: { type?: InstitutionRecord['type'] } = {}) {
    return this.rows.filter((i) => !filter.type || i.type === filter.type);
  }
  async insert(_tx: unknown, institution: NewInstitution) {
    const record: InstitutionRecord = { parentId: null, financialCode: null, ...institution, status: 'active', id: randomUUID() };
    this.rows.push(record);
    return record;
  }
  async findClash(_tx: unknown, keys: { code: string; uscc: string; financialCode: string | null }, exceptId: string | null) {
    return this.rows.find(
      (i) => i.id !== exceptId && (i.code === keys.code || i.uscc === keys.uscc || (keys.financialCode !== null && i.financialCode === keys.financialCode)),
    );
  }
  async update(_tx: unknown, id: string, patch: Partial<Omit<InstitutionRecord, 'id'>>) {
    const row = this.rows.find((i) => i.id === id)!;
    Object.assign(row, patch);
    return { ...row };
  }
  async lock(tx: unknown, id: string) {
    return this.findById(tx, id);
  }
}
