import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import type { components } from '../http/generated/api.js';
import type { ServiceStatusService } from './service-status-service.js';

/** 服务状态: the public home page's view of what works today (no login). */
export function serviceStatusRoutes(status: ServiceStatusService): Router {
  const router = apiRouter({ prefix: '/api/v1/public' });
  router.get('/service-status', async (ctx) => {
    ctx.body = { services: await status.states() } satisfies components['schemas']['ServiceStatus'];
  });
  return router;
}
