import { api, unwrap, unwrapNoContent } from './client';
import type { Schemas } from './schemas';

export type Notification = Schemas['Notification'];
export type NotificationPage = Schemas['NotificationPage'];
export type NotificationPreference = Schemas['NotificationPreference'];
export type NotificationKind = Schemas['NotificationKind'];

export function listNotifications(query: { page: number; pageSize: number; unreadOnly: boolean }): Promise<NotificationPage> {
  return unwrap(api.GET('/api/v1/me/notifications', { params: { query: { page: query.page, pageSize: query.pageSize, unreadOnly: query.unreadOnly ? 'true' : 'false' } } }));
}

export function unreadCount(): Promise<number> {
  return unwrap(api.GET('/api/v1/me/notifications/unread-count')).then((r) => r.unread);
}

export async function markRead(id: string): Promise<void> {
  await unwrapNoContent(api.POST('/api/v1/me/notifications/{id}/read', { params: { path: { id } } }));
}

export function markAllRead(): Promise<number> {
  return unwrap(api.POST('/api/v1/me/notifications/read-all')).then((r) => r.updated);
}

export function getPreferences(): Promise<NotificationPreference[]> {
  return unwrap(api.GET('/api/v1/me/notification-preferences')).then((r) => r.items);
}

export function savePreferences(items: { kind: NotificationKind; inPlatform: boolean; sms: boolean }[]): Promise<NotificationPreference[]> {
  return unwrap(api.PUT('/api/v1/me/notification-preferences', { body: { items } })).then((r) => r.items);
}
