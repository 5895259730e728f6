import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { requireRole } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { ROLES } from '../platform/roles.js';
import type { WorkQueueService } from './work-queue-service.js';

type Schemas = components['schemas'];

/** 待办事项: what waits for the caller, per role, with counts. */
export function workQueueRoutes(queues: WorkQueueService): Router {
  const router = apiRouter({ prefix: '/api/v1/me/work-queue' });
  router.get('/', async (ctx) => {
    const principal = requireRole(ctx, ...ROLES);
    const found = await queues.forPrincipal(principal);
    ctx.body = {
      items: found.map((q) => ({ code: q.code, count: q.count, entries: q.entries.map((e) => ({ ref: e.ref, title: e.title, since: e.since.toISOString() })) })),
    } satisfies Schemas['WorkQueueList'];
  });
  return router;
}
