import { randomUUID } from 'node:crypto';
import type { Clock } from '../platform/clock.js';
import type { EnterpriseRecord, NewEnterprise } from './enterprise.js';
import { alreadyRegistered, type EnterpriseStore } from './enterprise-store.js';

export class FakeEnterpriseStore implements EnterpriseStore {
  readonly rows: EnterpriseRecord[] = [];

  constructor(private readonly clock: Clock) {}

  async findByUscc(_tx: unknown, uscc: string) {
    return this.rows.find((e) => e.uscc === uscc);
  }
  async findById(_tx: unknown, id: string) {
    return this.rows.find((e) => e.id === id);
  }
  async findByIds(_tx: unknown, ids: readonly string[]) {
    return this.rows.filter((e) => ids.includes(e.id));
  }
  async insert(_tx: unknown, enterprise: NewEnterprise) {
    if (this.rows.some((e) => e.uscc === enterprise.uscc)) throw alreadyRegistered();
    const record = { ...enterprise, id: randomUUID(), registeredAt: this.clock.now() };
    this.rows.push(record);
    return record;
  }
}
