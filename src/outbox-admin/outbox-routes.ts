import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import { requireRole } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import type { OutboxMessage } from '../platform/outbox/outbox-message.js';
import type { OutboxAdminService } from './outbox-admin-service.js';

const listQuery = z.object({
  status: z.enum(['pending', 'delivered', 'dead']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const idParams = z.object({ id: z.uuid('消息编号应为 UUID') });

function view(m: OutboxMessage): components['schemas']['OutboxMessage'] {
  return {
    id: m.id,
    channel: m.channel,
    target: m.target,
    topic: m.topic,
    messageKey: m.messageKey,
    status: m.status,
    attempts: m.attempts,
    maxAttempts: m.maxAttempts,
    nextAttemptAt: m.nextAttemptAt.toISOString(),
    lastError: m.lastError,
    createdAt: m.createdAt.toISOString(),
    deliveredAt: m.deliveredAt?.toISOString() ?? null,
  };
}

/** 消息投递 (admin): list outbox messages (e.g. the dead letters) and replay a dead one. */
export function outboxRoutes(outbox: OutboxAdminService): Router {
  const router = apiRouter({ prefix: '/api/v1/admin/outbox' });
  router.get('/', async (ctx) => {
    requireRole(ctx, 'admin');
    const { status, limit } = parseInput(listQuery, ctx.query);
    ctx.body = { items: (await outbox.list(status, limit)).map(view) } satisfies components['schemas']['OutboxMessageList'];
  });
  router.post('/:id/replay', async (ctx) => {
    requireRole(ctx, 'admin');
    const { id } = parseInput(idParams, ctx.params);
    await outbox.replay(id);
    ctx.status = 204;
  });
  return router;
}
