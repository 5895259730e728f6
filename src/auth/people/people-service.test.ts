import { describe, expect, it } from 'vitest';
import { fakeTransactionRunner } from '../../db/transaction.js';
import type { Institution } from '../../institutions/institution.js';
import { FakeClock } from '../../platform/clock.js';
import type { DomainError } from '../../platform/errors.js';
import { sm3Hex, Sm4FieldCipher } from '../../platform/national-crypto.js';
import { hashPassword } from '../../platform/password.js';
import { FakeUserStore } from '../fake-user-store.js';
import { principalOfUser } from '../user.js';
import type { UsernameConflicts } from '../username-conflicts.js';
import { FakeInvitationStore } from './fake-invitation-store.js';
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
    cancelledAt: null,
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

describe('open invitations (待接受的邀请) and 撤销邀请', () => {
  const later = new Date('2026-12-09T08:00:00Z');
  async function setUp() {
    const users = new FakeUserStore(clock);
    const person = { passwordHash: 'x', role: 'bank_officer' as const, institutionId: bank.id, enterpriseId: null, position: 'institution_admin' as const };
    const author = await users.insert(null, { ...person, username: 'bank_admin', displayName: '王管理员' });
    const colleague = await users.insert(null, { ...person, username: 'bank_admin2', displayName: '李管理员' });
    const officer = await users.insert(null, { ...person, position: 'officer', username: 'bank_officer', displayName: '张信贷' });
    const stranger = await users.insert(null, { ...person, institutionId: 'bank-2', username: 'other_admin', displayName: '他行管理员' });
    const invitations = new FakeInvitationStore(users);
    const people = new PeopleService({
      transaction: fakeTransactionRunner,
      users,
      invitations,
      institutions: { findById: async (_tx, id) => (id === bank.id ? bank : undefined) },
      cipher,
      clock,
      invitationTtlHours: 72,
      endSessions: async () => {},
      hashPassword: (password) => hashPassword(password, 10),
      usernameConflicts: {} as UsernameConflicts,
    });
    const issue = (username: string, expiresAt = later, institutionId = bank.id) =>
      invitations.insert(null, {
        institutionId,
        username,
        displayName: `受邀人${username}`,
        mobileEnc: cipher.encrypt('13900001111'),
        position: 'officer',
        tokenHash: sm3Hex(`link-${username}`),
        invitedBy: author.id,
        createdAt: clock.now(),
        expiresAt,
        approvalRequired: false,
      });
    const as = { author: principalOfUser(author), colleague: principalOfUser(colleague), officer: principalOfUser(officer), stranger: principalOfUser(stranger) };
    return { users, invitations, people, issue, as, author };
  }
  const codeOf = (p: Promise<unknown>) => p.then(() => 'done', (e: DomainError) => e.code);

  it('lists the open links with masked mobiles; another admin of the institution cancels one, which is recorded and refused from then on', async () => {
    const { invitations, people, issue, as, author } = await setUp();
    const id = await issue('wrong.mobile');
    await issue('kept');
    const listed = await people.openInvitations(as.colleague, bank.id);
    expect(listed.map((i) => [i.username, i.mobile, i.invitedByName, i.state])).toEqual([
      ['wrong.mobile', '139****1111', '王管理员', 'usable'],
      ['kept', '139****1111', '王管理员', 'usable'],
    ]);

    expect(await people.cancelInvitation(as.colleague, bank.id, id)).toEqual({
      id,
      username: 'wrong.mobile',
      displayName: '受邀人wrong.mobile',
      cancelledAt: clock.now().toISOString(),
      cancelledByName: '李管理员',
    });
    expect(invitations.rows.find((r) => r.id === id)).toMatchObject({ cancelledBy: as.colleague.userId, cancelledAt: clock.now(), invitedBy: author.id });
    expect((await people.openInvitations(as.author, bank.id)).map((i) => i.username)).toEqual(['kept']);
    expect(await codeOf(people.preview('link-wrong.mobile'))).toBe('INVITATION_CANCELLED');
    expect(await codeOf(people.accept('link-wrong.mobile', 'Xyd#Invite2026!'))).toBe('INVITATION_CANCELLED');
    expect(await invitations.openForUsername(null, 'wrong.mobile', clock.now())).toBe(false);
  });

  it('refuses anyone but the institution’s admins, and answers another institution’s invitation as unknown', async () => {
    const { invitations, people, issue, as } = await setUp();
    const id = await issue('target');
    const elsewhere = await issue('elsewhere', later, 'bank-2');
    expect(await codeOf(people.openInvitations(as.officer, bank.id))).toBe('NOT_INSTITUTION_ADMIN');
    expect(await codeOf(people.openInvitations(as.stranger, bank.id))).toBe('NOT_INSTITUTION_ADMIN');
    expect(await codeOf(people.cancelInvitation(as.officer, bank.id, id))).toBe('NOT_INSTITUTION_ADMIN');
    expect(await codeOf(people.cancelInvitation(as.stranger, bank.id, id))).toBe('NOT_INSTITUTION_ADMIN');
    expect(await codeOf(people.cancelInvitation({ ...as.author, clientId: 'client-1' }, bank.id, id))).toBe('NOT_INSTITUTION_ADMIN');
    expect(await codeOf(people.cancelInvitation(as.author, bank.id, elsewhere))).toBe('INVITATION_NOT_FOUND');
    expect(invitations.rows.every((r) => r.cancelledAt === null)).toBe(true);
  });

  it('answers 409 and changes nothing for a link cancelled already, accepted or expired', async () => {
    const { invitations, people, issue, as } = await setUp();
    const twice = await issue('twice');
    await people.cancelInvitation(as.author, bank.id, twice);
    const accepted = await issue('accepted');
    await people.accept('link-accepted', 'Xyd#Invite2026!');
    const expired = await issue('expired', new Date('2026-12-07T07:00:00Z'));
    const before = structuredClone(invitations.rows);
    expect(await codeOf(people.cancelInvitation(as.colleague, bank.id, twice))).toBe('INVITATION_CANCELLED');
    expect(await codeOf(people.cancelInvitation(as.colleague, bank.id, accepted))).toBe('INVITATION_USED');
    expect(await codeOf(people.cancelInvitation(as.colleague, bank.id, expired))).toBe('INVITATION_EXPIRED');
    expect(invitations.rows).toEqual(before);
  });

  it('says which open links cannot be used now: a disabled inviter’s', async () => {
    const { users, people, issue, as, author } = await setUp();
    await issue('while.away');
    await users.setStatus(null, author.id, 'disabled');
    expect((await people.openInvitations(as.colleague, bank.id)).map((i) => i.state)).toEqual(['inviter_disabled']);
  });
});
