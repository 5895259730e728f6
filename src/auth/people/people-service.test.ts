import { describe, expect, it } from 'vitest';
import { fakeTransactionRunner } from '../../db/transaction.js';
import type { Institution } from '../../institutions/institution.js';
import { FakeClock } from '../../platform/clock.js';
import type { DomainError } from '../../platform/errors.js';
import { sm3Hex, Sm4FieldCipher } from '../../platform/national-crypto.js';
import { hashPassword } from '../../platform/password.js';
import { FakeUserStore } from '../fake-user-store.js';
import type { UsernameConflicts } from '../username-conflicts.js';
import type { InvitationRow, InvitationStore } from './invitation-store.js';
import { PeopleService } from './people-service.js';

const clock = new FakeClock(new Date('2026-12-07T08:00:00Z'));
const cipher = new Sm4FieldCipher(Buffer.alloc(16, 7));
const bank = { id: 'bank-1', type: 'bank', status: 'active', name: '测试银行', code: 'T_BANK' } as Institution;

/** Invitations by token: one live link, one expired, one whose inviter was disabled since. */
function invitations(inviter: string, leaver: string): InvitationStore {
  const row = (id: string, expiresAt: Date, invitedBy = inviter): InvitationRow => ({
    id,
    institutionId: bank.id,
    username: `person_${id}`,
    displayName: '受邀人',
    mobileEnc: cipher.encrypt('13900001111'),
    position: 'officer',
    expiresAt,
    acceptedAt: null,
    approvalRequired: false,
    approvedAt: null,
    invitedBy,
  });
  const rows = new Map([
    [sm3Hex('live-link'), row('live', new Date('2026-12-08T00:00:00Z'))],
    [sm3Hex('old-link'), row('old', new Date('2026-12-01T00:00:00Z'))],
    [sm3Hex('leavers-link'), row('kept', new Date('2026-12-08T00:00:00Z'), leaver)],
  ]);
  return {
    findByTokenHash: async (_tx: unknown, tokenHash: string) => rows.get(tokenHash),
    markAccepted: async () => true,
  } as Partial<InvitationStore> as InvitationStore;
}

describe('PeopleService.accept', () => {
  it('hashes the password only once the link holds: anyone may send a token', async () => {
    let hashes = 0;
    const users = new FakeUserStore(clock);
    const admin = { passwordHash: 'x', role: 'bank_officer' as const, institutionId: bank.id, enterpriseId: null, position: 'institution_admin' as const };
    const inviter = await users.insert(null, { ...admin, username: 'bank_admin', displayName: '机构管理员' });
    const leaver = await users.insert(null, { ...admin, username: 'left_admin', displayName: '已离职的机构管理员' });
    await users.setStatus(null, leaver.id, 'disabled');
    const people = new PeopleService({
      transaction: fakeTransactionRunner,
      users,
      invitations: invitations(inviter.id, leaver.id),
      institutions: { findById: async (_tx, id) => (id === bank.id ? bank : undefined) },
      cipher,
      clock,
      invitationTtlHours: 72,
      endSessions: async () => {},
      hashPassword: (password) => {
        hashes += 1;
        return hashPassword(password, 10);
      },
      usernameConflicts: {} as UsernameConflicts,
    });
    const refusal = (token: string) => people.accept(token, 'Xyd#Invite2026!').catch((e: DomainError) => e.code);
    expect(await refusal('made-up-link')).toBe('INVITATION_INVALID');
    expect(await refusal('old-link')).toBe('INVITATION_EXPIRED');
    expect(await refusal('leavers-link')).toBe('INVITATION_REVOKED');
    expect(hashes).toBe(0);
    expect(await people.accept('live-link', 'Xyd#Invite2026!')).toEqual({ username: 'person_live' });
    expect(hashes).toBe(1);
  });
});
