import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { requireRole } from '../../http/auth.js';
import type { components } from '../../http/generated/api.js';
import type { SlaService } from './sla-service.js';

/** 银行服务时效 for the financial office (read-only) and the admin. */
export function slaRoutes(sla: SlaService): Router {
  const router = apiRouter({ prefix: '/api/v1/oversight/lending-sla' });
  router.get('/', async (ctx) => {
    requireRole(ctx, 'financial_office', 'admin');
    const report = await sla.report();
    ctx.body = {
      thresholds: report.thresholds,
      rows: report.rows,
      overdue: report.overdue.map((o) => ({ ...o, submittedAt: o.submittedAt.toISOString() })),
    } satisfies components['schemas']['LendingSla'];
  });
  return router;
}
