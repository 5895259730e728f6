import type { DbOrTrx } from '../db/database.js';
import type { Channels, NotificationKind } from './notification-kinds.js';
import type { Notification } from './notification.js';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  dedupeKey: string;
  createdAt: Date;
}

/** SQL of the 站内消息 and the users' channel choices. Every query is scoped to one user. */
export interface NotificationStore {
  /** Inserts the messages; a repeat of (user, dedupe key) is skipped. */
  insert(tx: DbOrTrx, rows: readonly NewNotification[]): Promise<void>;
  page(tx: DbOrTrx, userId: string, filter: { unreadOnly: boolean; limit: number; offset: number }): Promise<{ total: number; items: Notification[] }>;
  unreadCount(tx: DbOrTrx, userId: string): Promise<number>;
  /** Marks the user's message read (the first reading kept); false when the user has no such message. */
  markRead(tx: DbOrTrx, userId: string, id: string, at: Date): Promise<boolean>;
  markAllRead(tx: DbOrTrx, userId: string, at: Date): Promise<number>;
  /** The stored choices of these users for one kind. */
  choicesFor(tx: DbOrTrx, userIds: readonly string[], kind: NotificationKind): Promise<Map<string, Channels>>;
  choicesOf(tx: DbOrTrx, userId: string): Promise<Map<NotificationKind, Channels>>;
  saveChoices(tx: DbOrTrx, userId: string, choices: ReadonlyMap<NotificationKind, Channels>, at: Date): Promise<void>;
  /** Deletes messages read before `before` (every user's; unread ones stay); returns how many. */
  purgeRead(tx: DbOrTrx, before: Date): Promise<number>;
}

interface Row {
  public_id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  created_at: Date | string;
  read_at: Date | string | null;
}

const plain = (r: Row): Notification => ({
  id: r.public_id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  createdAt: new Date(r.created_at),
  readAt: r.read_at === null ? null : new Date(r.read_at),
});

export const notificationStore: NotificationStore = {
  async insert(tx, rows) {
    if (rows.length === 0) return;
    await tx('notifications')
      .insert(rows.map((r) => ({ user_id: r.userId, kind: r.kind, title: r.title, body: r.body, link: r.link, dedupe_key: r.dedupeKey, created_at: r.createdAt })))
      .onConflict(['user_id', 'dedupe_key'])
      .ignore();
  },

  async page(tx, userId, { unreadOnly, limit, offset }) {
    const mine = () => {
      const q = tx('notifications').where({ user_id: userId });
      if (unreadOnly) q.whereNull('read_at');
      return q;
    };
    const [count, rows] = await Promise.all([
      mine().count<{ n: string }[]>('* as n'),
      mine().orderBy('id', 'desc').limit(limit).offset(offset).select('public_id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'),
    ]);
    return { total: Number(count[0]?.n ?? 0), items: (rows as Row[]).map(plain) };
  },

  async unreadCount(tx, userId) {
    const [row] = await tx('notifications').where({ user_id: userId }).whereNull('read_at').count<{ n: string }[]>('* as n');
    return Number(row?.n ?? 0);
  },

  async markRead(tx, userId, id, at) {
    const found = await tx('notifications').where({ user_id: userId, public_id: id }).first('id', 'read_at');
    if (!found) return false;
    if (!found.read_at) await tx('notifications').where({ id: found.id }).whereNull('read_at').update({ read_at: at });
    return true;
  },

  async markAllRead(tx, userId, at) {
    return tx('notifications').where({ user_id: userId }).whereNull('read_at').update({ read_at: at });
  },

  async choicesFor(tx, userIds, kind) {
    if (userIds.length === 0) return new Map();
    const rows = await tx('notification_preferences').whereIn('user_id', userIds).where({ kind }).select('user_id', 'in_platform', 'sms');
    return new Map(rows.map((r) => [r.user_id as string, { inPlatform: r.in_platform as boolean, sms: r.sms as boolean }]));
  },

  async choicesOf(tx, userId) {
    const rows = await tx('notification_preferences').where({ user_id: userId }).select('kind', 'in_platform', 'sms');
    return new Map(rows.map((r) => [r.kind as NotificationKind, { inPlatform: r.in_platform as boolean, sms: r.sms as boolean }]));
  },

  async saveChoices(tx, userId, choices, at) {
    if (choices.size === 0) return;
    await tx('notification_preferences')
      .insert([...choices].map(([kind, c]) => ({ user_id: userId, kind, in_platform: c.inPlatform, sms: c.sms, updated_at: at })))
      .onConflict(['user_id', 'kind'])
      .merge(['in_platform', 'sms', 'updated_at']);
  },

  async purgeRead(tx, before) {
    return tx('notifications').whereNotNull('read_at').where('read_at', '<', before).delete();
  },
};

/**
 * The notification texts queued for `recipient` (their outbox target) within the last hour, by
 * the database's clock as the outbox stamps them, counted up to `limit`; over
 * `outbox_messages_notification_sms`.
 */
export async function smsSentWithinHour(tx: DbOrTrx, recipient: string, limit: number): Promise<number> {
  const { rows } = (await tx.raw(
    `select count(*)::int as n from (select 1 from outbox_messages
      where channel = 'notification_sms' and target = ? and created_at > now() - interval '1 hour' limit ?) as recent`,
    [recipient, limit],
  )) as { rows: { n: number }[] };
  return Number(rows[0]?.n ?? 0);
}
