import { randomUUID } from 'node:crypto';
import type { Channels, NotificationKind } from './notification-kinds.js';
import type { Notification } from './notification.js';
import type { NewNotification, NotificationStore } from './notification-store.js';

/** The notification store in memory, for unit tests. */
export class FakeNotificationStore implements NotificationStore {
  readonly rows: (Notification & { userId: string; dedupeKey: string })[] = [];
  readonly choices = new Map<string, Map<NotificationKind, Channels>>();

  async insert(_tx: unknown, rows: readonly NewNotification[]) {
    for (const r of rows) {
      if (this.rows.some((x) => x.userId === r.userId && x.dedupeKey === r.dedupeKey)) continue;
      this.rows.push({ id: randomUUID(), userId: r.userId, dedupeKey: r.dedupeKey, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: r.createdAt, readAt: null });
    }
  }
  async page(_tx: unknown, userId: string, filter: { unreadOnly: boolean; limit: number; offset: number }) {
    const mine = this.rows.filter((r) => r.userId === userId && (!filter.unreadOnly || r.readAt === null)).reverse();
    return { total: mine.length, items: mine.slice(filter.offset, filter.offset + filter.limit) };
  }
  async unreadCount(_tx: unknown, userId: string) {
    return this.rows.filter((r) => r.userId === userId && r.readAt === null).length;
  }
  async markRead(_tx: unknown, userId: string, id: string, at: Date) {
    const row = this.rows.find((r) => r.userId === userId && r.id === id);
    if (row) row.readAt ??= at;
    return row !== undefined;
  }
  async markAllRead(_tx: unknown, userId: string, at: Date) {
    const unread = this.rows.filter((r) => r.userId === userId && r.readAt === null);
    for (const r of unread) r.readAt = at;
    return unread.length;
  }
  async choicesFor(_tx: unknown, userIds: readonly string[], kind: NotificationKind) {
    const found = new Map<string, Channels>();
    for (const id of userIds) {
      const c = this.choices.get(id)?.get(kind);
      if (c) found.set(id, c);
    }
    return found;
  }
  async choicesOf(_tx: unknown, userId: string) {
    return new Map(this.choices.get(userId) ?? []);
  }
  async purgeRead(_tx: unknown, before: Date) {
    const kept = this.rows.filter((r) => r.readAt === null || r.readAt >= before);
    const purged = this.rows.length - kept.length;
    this.rows.splice(0, this.rows.length, ...kept);
    return purged;
  }
  async saveChoices(_tx: unknown, userId: string, choices: ReadonlyMap<NotificationKind, Channels>) {
    const mine = this.choices.get(userId) ?? new Map<NotificationKind, Channels>();
    for (const [kind, c] of choices) mine.set(kind, { ...c });
    this.choices.set(userId, mine);
  }
}
