import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import { text } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import { assertMayDecideConsents } from '../../platform/roles.js';
import type { DemandService } from './demand-service.js';
import type { FinancingDemand } from './financing-demand.js';
import { idParams, money } from '../lending-schemas.js';
import { detailView } from '../applications/application-views.js';
import { consentTermsSchema } from '../consent-terms.js';

type Schemas = components['schemas'];

const demandInput = z
  .object({
    amount: money('融资金额'),
    termMonths: z.number({ error: '请输入期限' }).int().min(1).max(360),
    purpose: text('资金用途', 500),
    consent: consentTermsSchema.optional(),
  })
  .strict() satisfies z.ZodType<Schemas['FinancingDemandInput']>;
const openQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), after: z.uuid('需求编号应为 UUID').optional() });

const view = (d: FinancingDemand): Schemas['FinancingDemand'] => ({
  id: d.id,
  enterpriseId: d.enterpriseId,
  amount: d.amount,
  termMonths: d.termMonths,
  purpose: d.purpose,
  consentTerms: d.consentTerms,
  status: d.status,
  acceptedByBankId: d.acceptedByBankId,
  applicationId: d.applicationId,
  createdAt: d.createdAt.toISOString(),
  acceptedAt: d.acceptedAt?.toISOString() ?? null,
});

/** 融资需求 (SME) and 抢单 (banks). */
export function demandRoutes(demands: DemandService): Router[] {
  const sme = apiRouter({ prefix: '/api/v1/financing-demands' });
  sme.post('/', async (ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    // The bank that takes the demand is granted a consent on the enterprise's behalf.
    assertMayDecideConsents(enterprise);
    ctx.status = 201;
    ctx.body = view(await demands.post(enterprise, parseInput(demandInput, ctx.request.body)));
  });
  sme.get('/', async (ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    ctx.body = { items: (await demands.listMine(enterprise)).map(view) } satisfies Schemas['FinancingDemandList'];
  });
  sme.post('/:id/withdraw', async (ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = view(await demands.withdraw(enterprise, id));
  });

  const bank = apiRouter({ prefix: '/api/v1/bank/financing-demands' });
  bank.get('/', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { items, nextAfter } = await demands.listOpenForBank(officer, parseInput(openQuery, ctx.query));
    ctx.body = { items: items.map(view), nextAfter } satisfies Schemas['FinancingDemandList'];
  });
  bank.post('/:id/accept', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    const { demand, application } = await demands.accept(officer, id);
    ctx.body = { demand: view(demand), application: detailView(application) } satisfies Schemas['DemandAcceptance'];
  });
  return [sme, bank];
}
