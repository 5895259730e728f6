import { describe, expect, it } from 'vitest';
import type { DbOrTrx } from '../db/database.js';
import { FakeClock } from '../platform/clock.js';
import { FakeUserStore } from './fake-user-store.js';
import { NotificationRecipients } from './notification-recipients.js';

const tx = {} as DbOrTrx;

async function setUp() {
  const users = new FakeUserStore(new FakeClock());
  const person = (username: string, fields: Partial<Parameters<FakeUserStore['insert']>[1]>) =>
    users.insert(tx, { username, passwordHash: 'x', role: 'bank_officer', displayName: username, institutionId: null, enterpriseId: null, ...fields });
  const admin = await person('admin', { institutionId: 'bank1', position: 'institution_admin', mobileEnc: 'enc:13900000001' });
  const officer = await person('officer', { institutionId: 'bank1', position: 'officer' });
  const gone = await person('gone', { institutionId: 'bank1', position: 'institution_admin' });
  await users.setStatus(tx, gone.id, 'disabled');
  const otherBank = await person('other', { institutionId: 'bank2', position: 'institution_admin' });
  const legal = await person('legal', { role: 'enterprise', enterpriseId: 'e1', enterprisePosition: 'legal_representative' });
  const staff = await person('staff', { role: 'enterprise', enterpriseId: 'e1', enterprisePosition: 'staff', mobileEnc: 'enc:13900000003' });
  const office = await person('office', { role: 'financial_office', institutionId: 'jrj' });
  const recipients = new NotificationRecipients({
    users,
    cipher: { decrypt: (s: string) => s.replace('enc:', '') },
    enterpriseMobile: async (_tx, id) => (id === 'e1' ? '13900000002' : undefined),
  });
  return { recipients, admin, officer, otherBank, legal, staff, office };
}

describe('NotificationRecipients', () => {
  it("resolves each audience to its active people only, never another institution's", async () => {
    const { recipients, admin, officer, legal, staff, office } = await setUp();
    expect(await recipients.userIds(tx, { to: 'institution_admins', institutionId: 'bank1' })).toEqual([admin.id]);
    expect((await recipients.userIds(tx, { to: 'institution_staff', institutionId: 'bank1' })).sort()).toEqual([admin.id, officer.id].sort());
    expect((await recipients.userIds(tx, { to: 'enterprise', enterpriseId: 'e1' })).sort()).toEqual([legal.id, staff.id].sort());
    expect(await recipients.userIds(tx, { to: 'office' })).toEqual([office.id]);
    expect(await recipients.userIds(tx, { to: 'user', userId: 'nobody' })).toEqual([]);
  });

  it("texts a person's own mobile, an enterprise account without one on the firm's contact mobile, and nobody else", async () => {
    const { recipients, admin, officer, legal, staff } = await setUp();
    expect(await recipients.mobileOf(tx, admin.id)).toBe('13900000001');
    expect(await recipients.mobileOf(tx, staff.id)).toBe('13900000003');
    expect(await recipients.mobileOf(tx, legal.id)).toBe('13900000002');
    expect(await recipients.mobileOf(tx, officer.id)).toBeUndefined();
  });
});
