import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import { text } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import { SELF_REPORTED_KINDS, type SelfReportedItem } from './self-reported.js';
import type { SelfReportedService } from './self-reported-service.js';

type Schemas = components['schemas'];

const body = z.strictObject({
  kind: z.enum(SELF_REPORTED_KINDS, { error: '填报类别应为 main_products、certifications、major_contracts 或 financial_statements' }),
  title: text('标题', 100),
  content: text('内容', 4000),
  acceptCommitment: z.boolean({ error: '请确认是否签署信息真实性承诺' }),
});
const idParams = z.object({ id: z.uuid({ error: '编号格式不正确' }) });

const view = (i: SelfReportedItem): Schemas['SelfReportedItem'] => ({
  id: i.id,
  kind: i.kind,
  title: i.title,
  content: i.content,
  commitmentText: i.commitmentText,
  committedAt: i.committedAt.toISOString(),
  commitmentSm3: i.commitmentSm3,
});

/** 自愿填报: the enterprise reports, lists and withdraws its own items. */
export function selfReportedRoutes(service: SelfReportedService): Router {
  const router = apiRouter({ prefix: '/api/v1/me/self-reported' });
  router.get('/', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    ctx.body = { items: (await service.listOwn(principal.enterpriseId!)).map(view) } satisfies Schemas['SelfReportedList'];
  });
  router.post('/', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    const input = parseInput(body, ctx.request.body);
    ctx.status = 201;
    ctx.body = view(await service.add({ enterpriseId: principal.enterpriseId!, userId: principal.userId }, input));
  });
  router.delete('/:id', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    const { id } = parseInput(idParams, ctx.params);
    await service.withdraw(principal.enterpriseId!, id);
    ctx.status = 204;
  });
  return router;
}
