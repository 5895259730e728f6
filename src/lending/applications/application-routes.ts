import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { requireRole } from '../../http/auth.js';
import { answerIdempotently } from '../../http/idempotency-key.js';
import { parseInput } from '../../http/validate.js';
import { assertMayDecideConsents } from '../../platform/roles.js';
import type { IdempotencyService } from '../../platform/idempotency/idempotency-service.js';
import type { LoanApplicationService } from './application-service.js';
import { idParams } from '../lending-schemas.js';
import { applicationInputSchema, applicationQuerySchema, withdrawSchema } from './application-schemas.js';
import { detailView, pageView } from './application-views.js';
import type { components } from '../../http/generated/api.js';

type Schemas = components['schemas'];

/** 申请贷款 / 我的申请: the SME's side of loan applications. */
export function applicationRoutes(applications: LoanApplicationService, idempotency: IdempotencyService): Router {
  const router = apiRouter({ prefix: '/api/v1/loan-applications' });
  router.get('/', async (ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    const query = parseInput(applicationQuerySchema, ctx.query);
    ctx.body = pageView(await applications.listForEnterprise(enterprise, query), query);
  });
  router.post('/', async (ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    assertMayDecideConsents(enterprise);
    const input = parseInput(applicationInputSchema, ctx.request.body);
    await answerIdempotently(ctx, idempotency, { callerId: enterprise.userId, operation: 'loan-applications.create' }, input, {
      run: async (applied) => ({ status: 201, body: detailView(await applications.apply(enterprise, input, applied)) }),
      answerApplied: async (id) => ({ status: 201, body: detailView(await applications.getForEnterprise(enterprise, id)) }),
    });
  });
  router.get('/consent-terms', async (ctx) => {
    requireRole(ctx, 'enterprise');
    ctx.body = applications.consentOffer() satisfies Schemas['ConsentTermsOffer'];
  });
  router.get('/:id', async (ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = detailView(await applications.getForEnterprise(enterprise, id));
  });
  router.post('/:id/submit', async (ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    assertMayDecideConsents(enterprise);
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = detailView(await applications.submit(enterprise, id));
  });
  router.post('/:id/withdraw', async (ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    const { id } = parseInput(idParams, ctx.params);
    const { reason } = parseInput(withdrawSchema, ctx.request.body);
    ctx.body = detailView(await applications.withdraw(enterprise, id, reason));
  });
  return router;
}
