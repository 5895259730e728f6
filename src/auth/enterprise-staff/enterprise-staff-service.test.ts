import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { fakeTransactionRunner } from '../../db/transaction.js';
import { FakeClock } from '../../platform/clock.js';
import { Sm4FieldCipher } from '../../platform/national-crypto.js';
import { hashPassword, verifyPassword } from '../../platform/password.js';
import { passwordProblems } from '../../platform/password-policy.js';
import type { Principal } from '../../platform/roles.js';
import { FakeUserStore } from '../fake-user-store.js';
import { FakeSlidingWindowStore } from '../../platform/fake-sliding-window-store.js';
import { UsernameConflicts } from '../username-conflicts.js';
import { principalOfUser } from '../user.js';
import { EnterpriseStaffService } from './enterprise-staff-service.js';

const cipher = new Sm4FieldCipher(Buffer.alloc(16, 3));
let users: FakeUserStore;
let ended: string[];
let service: EnterpriseStaffService;
let legal: Principal;

beforeEach(async () => {
  const clock = new FakeClock();
  users = new FakeUserStore(clock);
  ended = [];
  service = new EnterpriseStaffService({
    transaction: fakeTransactionRunner,
    users,
    cipher,
    endSessions: async (_tx, p) => void ended.push(p.userId),
    hashPassword,
    usernameConflicts: new UsernameConflicts({
      db: {} as Db,
      store: new FakeSlidingWindowStore(),
      users,
      invitations: { openForUsername: async (_tx, username) => username === 'invited.elsewhere' },
      clock,
      limit: { maxPerAccount: 100, windowSeconds: 3_600 },
    }),
  });
  const row = await users.insert({}, {
    username: '91420200MA4K000011', passwordHash: '!', role: 'enterprise', displayName: '甲公司', institutionId: null, enterpriseId: 'ent-a', enterprisePosition: 'legal_representative',
  });
  legal = principalOfUser(row);
});

const input = { username: 'a.clerk', displayName: '出纳', mobile: '13911112222', position: 'staff' as const };

describe('EnterpriseStaffService', () => {
  it('creates a staff account of the same enterprise with a temporary password that passes the policy and must be changed', async () => {
    const { member, temporaryPassword } = await service.add(legal, input);
    expect(member).toMatchObject({ position: 'staff', mustChangePassword: true, mobile: '139****2222' });
    expect(passwordProblems(temporaryPassword, input.username)).toEqual([]);
    const row = users.rows.find((u) => u.username === input.username)!;
    expect(row).toMatchObject({ role: 'enterprise', enterpriseId: 'ent-a', institutionId: null });
    expect(await verifyPassword(temporaryPassword, row.passwordHash)).toBe(true);
    expect(cipher.decrypt(row.mobileEnc!)).toBe('13911112222');
  });

  it('refuses anyone but the legal representative, and a username taken by an account or an open invitation', async () => {
    const { member } = await service.add(legal, input);
    const staff = principalOfUser(users.rows.find((u) => u.id === member.id)!);
    await expect(service.list(staff)).rejects.toMatchObject({ code: 'NOT_LEGAL_REPRESENTATIVE' });
    await expect(service.list({ userId: 'x', role: 'bank_officer', institutionId: 'b', enterpriseId: null })).rejects.toMatchObject({ code: 'NOT_LEGAL_REPRESENTATIVE' });
    await expect(service.add(legal, input)).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
    await expect(service.add(legal, { ...input, username: 'invited.elsewhere' })).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
  });

  it('ends the sessions of a person disabled or re-positioned, never touches the legal representative or another enterprise', async () => {
    const { member } = await service.add(legal, input);
    await service.update(legal, member.id, { position: 'authorised_staff' });
    await service.update(legal, member.id, { status: 'disabled' });
    await service.update(legal, member.id, { status: 'active' });
    expect(ended).toEqual([member.id, member.id]);
    await expect(service.update(legal, legal.userId, { status: 'disabled' })).rejects.toMatchObject({ code: 'LEGAL_REPRESENTATIVE_FIXED' });
    const other = await users.insert({}, { username: 'b.boss', passwordHash: '!', role: 'enterprise', displayName: '乙', institutionId: null, enterpriseId: 'ent-b', enterprisePosition: 'staff' });
    await expect(service.update(legal, other.id, { status: 'disabled' })).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
    expect((await service.list(legal)).map((m) => [m.position, m.status])).toEqual([
      ['legal_representative', 'active'],
      ['authorised_staff', 'active'],
    ]);
  });
});
