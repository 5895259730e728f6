import { randomUUID } from 'node:crypto';
import type { Clock } from '../platform/clock.js';
import type { EnterprisePosition, Role } from '../platform/roles.js';
import type { NewUser, UserRecord } from './user.js';
import type { UserStore } from './user-store.js';

export class FakeUserStore implements UserStore {
  readonly rows: UserRecord[] = [];

  constructor(private readonly clock: Clock) {}

  async findByUsername(_tx: unknown, username: string) {
    return this.rows.find((u) => u.username === username);
  }
  async findById(_tx: unknown, id: string) {
    return this.rows.find((u) => u.id === id);
  }
  async insert(_tx: unknown, user: NewUser) {
    const record: UserRecord = {
      position: null,
      mobileEnc: null,
      mustChangePassword: false,
      enterprisePosition: null,
      ...user,
      id: randomUUID(),
      status: 'active',
      createdAt: this.clock.now(),
      lastLoginAt: null,
    };
    this.rows.push(record);
    return record;
  }
  async recordLogin(_tx: unknown, id: string, at: Date) {
    const user = this.rows.find((u) => u.id === id);
    if (user) user.lastLoginAt = at;
  }
  async updatePassword(_tx: unknown, id: string, passwordHash: string) {
    const user = this.rows.find((u) => u.id === id);
    if (user) Object.assign(user, { passwordHash, mustChangePassword: false });
  }
  async listByInstitution(_tx: unknown, institutionId: string) {
    return this.rows.filter((u) => u.institutionId === institutionId);
  }
  async setStatus(_tx: unknown, id: string, status: UserRecord['status']) {
    const user = this.rows.find((u) => u.id === id);
    if (user) user.status = status;
  }
  async countByRole(_tx: unknown, role: Role, status?: UserRecord['status']) {
    return this.rows.filter((u) => u.role === role && (!status || u.status === status)).length;
  }
  async listByEnterprise(_tx: unknown, enterpriseId: string) {
    return this.rows.filter((u) => u.enterpriseId === enterpriseId).sort((a, b) => Number(b.enterprisePosition === 'legal_representative') - Number(a.enterprisePosition === 'legal_representative'));
  }
  async setEnterprisePosition(_tx: unknown, id: string, position: EnterprisePosition) {
    const user = this.rows.find((u) => u.id === id);
    if (user) user.enterprisePosition = position;
  }
  async listActiveByRole(_tx: unknown, role: Role) {
    return this.rows.filter((u) => u.role === role && u.status === 'active');
  }
  async countInstitutionAdmins(_tx: unknown, institutionId: string) {
    return this.rows.filter((u) => u.institutionId === institutionId && u.position === 'institution_admin' && u.status === 'active').length;
  }
}
