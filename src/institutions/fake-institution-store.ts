import { randomUUID } from 'node:crypto';
import type { InstitutionRecord } from './institution.js';
import type { InstitutionStore } from './institution-store.js';

export class FakeInstitutionStore implements InstitutionStore {
  readonly rows: InstitutionRecord[] = [];

  async findById(_tx: unknown, id: string) {
    return this.rows.find((i) => i.id === id);
  }
  async list(_tx: unknown, filter: { type?: InstitutionRecord['type'] } = {}) {
    return this.rows.filter((i) => !filter.type || i.type === filter.type);
  }
  async insert(_tx: unknown, institution: Omit<InstitutionRecord, 'id'>) {
    const record = { ...institution, id: randomUUID() };
    this.rows.push(record);
    return record;
  }
}
