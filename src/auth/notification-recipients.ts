import type { DbOrTrx } from '../db/database.js';
import type { Sm4FieldCipher } from '../platform/national-crypto.js';
import type { Audience, RecipientDirectory } from '../notifications/notification.js';
import type { UserRecord } from './user.js';
import type { UserStore } from './user-store.js';

export interface NotificationRecipientsDeps {
  users: Pick<UserStore, 'findById' | 'listByInstitution' | 'listByEnterprise' | 'listActiveByRole'>;
  cipher: Pick<Sm4FieldCipher, 'decrypt'>;
  /** An enterprise account's mobile is the enterprise's contact mobile (registration holds it). */
  enterpriseMobile: (tx: DbOrTrx, enterpriseId: string) => Promise<string | undefined>;
}

const active = (users: UserRecord[]) => users.filter((u) => u.status === 'active');

/**
 * The notifications' recipient directory over the accounts: who an audience is (active accounts
 * only) and the mobile a person is texted on, by the same rule as a password reset: the person's
 * own mobile, else, for an enterprise account, the enterprise's contact mobile.
 */
export class NotificationRecipients implements RecipientDirectory {
  constructor(private readonly deps: NotificationRecipientsDeps) {}

  async userIds(tx: DbOrTrx, audience: Audience): Promise<string[]> {
    const { users } = this.deps;
    switch (audience.to) {
      case 'user': {
        const user = await users.findById(tx, audience.userId);
        return user?.status === 'active' ? [user.id] : [];
      }
      case 'institution_admins':
        return active(await users.listByInstitution(tx, audience.institutionId)).filter((u) => u.position === 'institution_admin').map((u) => u.id);
      case 'institution_staff':
        return active(await users.listByInstitution(tx, audience.institutionId)).map((u) => u.id);
      case 'enterprise':
        return active(await users.listByEnterprise(tx, audience.enterpriseId)).map((u) => u.id);
      case 'office':
        return (await users.listActiveByRole(tx, 'financial_office')).map((u) => u.id);
    }
  }

  async mobileOf(tx: DbOrTrx, userId: string): Promise<string | undefined> {
    const user = await this.deps.users.findById(tx, userId);
    if (!user || user.status !== 'active') return undefined;
    if (user.mobileEnc) return this.deps.cipher.decrypt(user.mobileEnc);
    return user.enterpriseId ? this.deps.enterpriseMobile(tx, user.enterpriseId) : undefined;
  }
}
