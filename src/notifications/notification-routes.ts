import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import type { Context } from 'koa';
import { z } from 'zod';
import { principalOf } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { forbidden, validationError } from '../platform/errors.js';
import type { Principal } from '../platform/roles.js';
import { KIND_RULES, kindsFor, NOTIFICATION_KINDS, type Channels, type NotificationKind } from './notification-kinds.js';
import type { Notification } from './notification.js';
import type { NotificationService, PreferenceView } from './notification-service.js';

type Schemas = components['schemas'];

const idParams = z.object({ id: z.uuid({ error: '消息编号格式不正确' }) });
const listQuery = z.object({
  page: z.coerce.number({ error: '页码应为正整数' }).int({ error: '页码应为正整数' }).min(1, { error: '页码应为正整数' }).max(10_000, { error: '页码过大' }).default(1),
  pageSize: z.coerce.number({ error: '每页条数应为 1 至 100' }).int({ error: '每页条数应为 1 至 100' }).min(1, { error: '每页条数应为 1 至 100' }).max(100, { error: '每页条数应为 1 至 100' }).default(20),
  unreadOnly: z.enum(['true', 'false'], { error: '仅看未读应为 true 或 false' }).default('false'),
});
const preferencesBody = z.strictObject({
  items: z
    .array(z.strictObject({ kind: z.enum(NOTIFICATION_KINDS, { error: '不支持的通知类型' }), inPlatform: z.boolean({ error: '站内消息开关应为是或否' }), sms: z.boolean({ error: '短信开关应为是或否' }) }), { error: '通知设置应为列表' })
    .min(1, { error: '至少给出一项通知设置' })
    .max(NOTIFICATION_KINDS.length, { error: '通知设置项过多' })
    .refine((items) => new Set(items.map((i) => i.kind)).size === items.length, { error: '同一通知类型只能出现一次' }),
}) satisfies z.ZodType<unknown, Schemas['NotificationPreferencesInput']>;

/** A person's own inbox: machine clients have none. */
function person(ctx: Context): string {
  return personOf(ctx).userId;
}

function personOf(ctx: Context): Principal {
  const principal = principalOf(ctx);
  if (principal.clientId !== undefined) throw forbidden('ROLE_FORBIDDEN', '当前角色无权执行此操作');
  return principal;
}

const view = (n: Notification): Schemas['Notification'] => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  link: n.link,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});
const preferences = (items: PreferenceView[]): Schemas['NotificationPreferences'] => ({ items });

/** 消息中心 and 通知设置: every person's own messages and channel choices, never anyone else's. */
export function notificationRoutes(notifications: NotificationService): Router {
  const router = apiRouter({ prefix: '/api/v1/me' });
  router.get('/notifications', async (ctx) => {
    const userId = person(ctx);
    const { unreadOnly, ...paging } = parseInput(listQuery, ctx.query);
    const { total, unread, items } = await notifications.list(userId, { ...paging, unreadOnly: unreadOnly === 'true' });
    ctx.body = { total, unread, page: paging.page, pageSize: paging.pageSize, items: items.map(view) } satisfies Schemas['NotificationPage'];
  });
  router.get('/notifications/unread-count', async (ctx) => {
    ctx.body = { unread: await notifications.unreadCount(person(ctx)) } satisfies Schemas['UnreadCount'];
  });
  router.post('/notifications/read-all', async (ctx) => {
    ctx.body = { updated: await notifications.markAllRead(person(ctx)) } satisfies Schemas['ReadAllResult'];
  });
  router.post('/notifications/:id/read', async (ctx) => {
    const userId = person(ctx);
    await notifications.markRead(userId, parseInput(idParams, ctx.params).id);
    ctx.status = 204;
  });
  router.get('/notification-preferences', async (ctx) => {
    const { userId, role } = personOf(ctx);
    ctx.body = preferences(await notifications.preferences(userId, role));
  });
  router.put('/notification-preferences', async (ctx) => {
    const { userId, role } = personOf(ctx);
    const { items } = parseInput(preferencesBody, ctx.request.body);
    const told = kindsFor(role);
    const foreign = items.flatMap((i, n) => (told.includes(i.kind) ? [] : [{ field: `items.${n}.kind`, code: 'KIND_NOT_FOR_ROLE', message: `当前角色不会收到“${KIND_RULES[i.kind].label}”通知` }]));
    if (foreign.length) throw validationError('VALIDATION_FAILED', foreign.map((e) => e.message).join('；'), foreign);
    const choices = new Map<NotificationKind, Channels>(items.map((i) => [i.kind, { inPlatform: i.inPlatform, sms: i.sms }]));
    ctx.body = preferences(await notifications.savePreferences(userId, role, choices));
  });
  return router;
}
