import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { requireRole } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { detailView } from '../lending/applications/application-views.js';
import { idParams } from '../lending/lending-schemas.js';
import type { Guarantee } from './guarantee.js';
import type { GuaranteeService } from './guarantee-service.js';
import { feePaymentSchema, guaranteeDecisionSchema, guaranteeQuerySchema } from './guarantee-schemas.js';

type Schemas = components['schemas'];

export const guaranteeView = (g: Guarantee): Schemas['Guarantee'] => ({
  id: g.id,
  applicationId: g.applicationId,
  productId: g.productId,
  productName: g.productName,
  route: g.route,
  enterpriseName: g.enterpriseName,
  uscc: g.uscc,
  bankName: g.bankName,
  applicationStatus: g.applicationStatus as Schemas['ApplicationStatus'],
  loanAmount: g.loanAmount,
  termMonths: g.termMonths,
  guaranteedAmount: g.guaranteedAmount,
  status: g.status,
  reason: g.reason,
  feeDue: g.feeDue,
  feePaid: g.feePaid,
  createdAt: g.createdAt.toISOString(),
  decidedAt: g.decidedAt?.toISOString() ?? null,
});

/** 担保工作台: a guarantee officer's queue, decisions, the applicant's profile and fees. */
export function guaranteeRoutes(guarantees: GuaranteeService): Router {
  const router = apiRouter({ prefix: '/api/v1/guarantees' });
  router.get('/', async (ctx) => {
    const officer = requireRole(ctx, 'guarantee_officer');
    const { limit, before, ...filter } = parseInput(guaranteeQuerySchema, ctx.query);
    const { items, nextBefore } = await guarantees.queuePage(officer, filter, { limit, before });
    ctx.body = { items: items.map(guaranteeView), nextBefore } satisfies Schemas['GuaranteeList'];
  });
  router.get('/:id', async (ctx) => {
    const officer = requireRole(ctx, 'guarantee_officer');
    const { id } = parseInput(idParams, ctx.params);
    const { guarantee, application } = await guarantees.detail(officer, id);
    ctx.body = { guarantee: guaranteeView(guarantee), application: detailView(application) } satisfies Schemas['GuaranteeDetail'];
  });
  router.post('/:id/decision', async (ctx) => {
    const officer = requireRole(ctx, 'guarantee_officer');
    const { id } = parseInput(idParams, ctx.params);
    const { decision, reason } = parseInput(guaranteeDecisionSchema, ctx.request.body);
    ctx.body = guaranteeView(await guarantees.decide(officer, id, decision, reason || null));
  });
  router.get('/:id/profile', async (ctx) => {
    const officer = requireRole(ctx, 'guarantee_officer');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = await guarantees.profile(officer, id, String(ctx.state.requestId));
  });
  router.get('/:id/letter', async (ctx) => {
    const officer = requireRole(ctx, 'guarantee_officer');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = await guarantees.letterTerms(officer, id);
  });
  router.post('/:id/fee-payments', async (ctx) => {
    const officer = requireRole(ctx, 'guarantee_officer');
    const { id } = parseInput(idParams, ctx.params);
    const payment = parseInput(feePaymentSchema, ctx.request.body);
    ctx.body = guaranteeView(await guarantees.recordFeePaid(officer, id, payment));
  });
  return router;
}
