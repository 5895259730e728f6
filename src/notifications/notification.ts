import type { DbOrTrx } from '../db/database.js';
import type { NotificationKind } from './notification-kinds.js';

/** One 站内消息 as its recipient reads it. */
export interface Notification {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** The portal page the message is about (e.g. the application), or null. */
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/**
 * What a feature tells: `dedupeKey` names the event (e.g. `application:<id>:approve:<event>`),
 * so telling the same event twice reaches each recipient once.
 */
export interface Notice {
  kind: NotificationKind;
  /** The platform's own words: title and body are what an SMS carries. */
  title: string;
  body: string;
  /**
   * Words another party typed (a bank officer's note, a reason): shown in the 站内消息 after the
   * body, never put in an SMS, where the platform's signature would vouch for a link or a phone
   * number in them. The SMS says to read the message on the platform instead.
   */
  quote?: string;
  link?: string;
  dedupeKey: string;
}

/** Who is told: resolved to people by the recipient directory. */
export type Audience =
  | { to: 'user'; userId: string }
  /** The institution admins (机构管理员) of a bank or guarantee company. */
  | { to: 'institution_admins'; institutionId: string }
  /** Every active person of an institution (its officers, reviewers and admins). */
  | { to: 'institution_staff'; institutionId: string }
  /** The enterprise's legal representative and staff. */
  | { to: 'enterprise'; enterpriseId: string }
  /** The financial office's people (金融办). */
  | { to: 'office' };

/**
 * The people behind an audience, and a person's mobile for SMS. Declared here, provided by the
 * accounts feature (auth) and wired in services.ts; only active accounts are recipients.
 */
export interface RecipientDirectory {
  userIds(tx: DbOrTrx, audience: Audience): Promise<string[]>;
  /** The mobile to text (decrypted only for sending), or undefined when the person has none. */
  mobileOf(tx: DbOrTrx, userId: string): Promise<string | undefined>;
}
