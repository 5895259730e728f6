import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { requireRole } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { idParams } from '../lending/lending-schemas.js';
import type { CompensationService } from './compensation-service.js';
import type { Compensation } from './compensation-store.js';
import { compensationInputSchema, recoveryInputSchema } from './guarantee-schemas.js';

type Schemas = components['schemas'];

const view = (c: Compensation): Schemas['Compensation'] => c;

/** 代偿管理: the compensation of a defaulted guarantee and its 追偿 recoveries. */
export function compensationRoutes(compensations: CompensationService): Router {
  const router = apiRouter({ prefix: '/api/v1/guarantees/:id' });
  router.get('/compensation', async (ctx) => {
    const officer = requireRole(ctx, 'guarantee_officer');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = view(await compensations.get(officer, id));
  });
  router.post('/compensation', async (ctx) => {
    const officer = requireRole(ctx, 'guarantee_officer');
    const { id } = parseInput(idParams, ctx.params);
    const input = parseInput(compensationInputSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = view(await compensations.compensate(officer, id, input));
  });
  router.post('/recoveries', async (ctx) => {
    const officer = requireRole(ctx, 'guarantee_officer');
    const { id } = parseInput(idParams, ctx.params);
    const input = parseInput(recoveryInputSchema, ctx.request.body);
    ctx.body = view(await compensations.recover(officer, id, input));
  });
  return router;
}
