import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import { requireRole } from '../http/auth.js';
import { text } from '../http/field-schemas.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { idParams, money } from '../lending/lending-schemas.js';
import type { RealEstateMortgage } from './real-estate-mortgage.js';
import type { RealEstateService } from './real-estate-service.js';

type Schemas = components['schemas'];

const inputSchema = z
  .object({
    mortgageWay: z.enum(['general', 'maximum', 'surplus'], '请选择抵押方式：一般抵押、最高额抵押或余值抵押'),
    evaluationValue: money('评估价值'),
    highestClaimAmount: money('最高债权额').optional(),
    termMonths: z.number({ error: '请输入抵押期限（月）' }).int('抵押期限应为整数月').min(1, '抵押期限为1至360个月').max(360, '抵押期限为1至360个月'),
    unitNo: z.string({ error: '请填写不动产单元号' }).trim().regex(/^[0-9A-Z]{28}$/, '不动产单元号应为28位数字或大写字母'),
    location: text('坐落', 200),
  })
  .strict() satisfies z.ZodType<Schemas['RealEstateMortgageInput'], unknown>;

export const mortgageView = (m: RealEstateMortgage): Schemas['RealEstateMortgage'] => ({
  id: m.id,
  applicationId: m.applicationId,
  mortgageWay: m.mortgageWay,
  creditAmount: m.creditAmount,
  evaluationValue: m.evaluationValue,
  highestClaimAmount: m.highestClaimAmount,
  termMonths: m.termMonths,
  unitNo: m.unitNo,
  location: m.location,
  status: m.status,
  acceptId: m.acceptId,
  refusal: m.refusal,
  warrantNo: m.warrantNo,
  sealedAt: m.sealedAt?.toISOString() ?? null,
  createdAt: m.createdAt.toISOString(),
  notices: m.notices.map((n) => ({ kind: n.kind, warrantNo: n.warrantNo, via: n.via, occurredAt: n.occurredAt.toISOString() })),
});

/** 不动产抵押登记: the bank applies and follows it; the SME sees its progress; 查封 alerts for the bank. */
export function realEstateRoutes(mortgages: RealEstateService): Router[] {
  const bank = apiRouter({ prefix: '/api/v1/bank' });
  bank.post('/loan-applications/:id/real-estate-mortgage', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    const input = parseInput(inputSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = mortgageView(await mortgages.apply(officer, id, { ...input, highestClaimAmount: input.highestClaimAmount ?? null }));
  });
  bank.get('/loan-applications/:id/real-estate-mortgage', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    const found = await mortgages.forBankIfAny(officer, id);
    // None applied for yet is an ordinary answer for the application page, not an error.
    if (found) ctx.body = mortgageView(found);
    else ctx.status = 204;
  });
  bank.post('/loan-applications/:id/real-estate-mortgage/progress-query', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = mortgageView(await mortgages.queryProgress(officer, id));
  });
  bank.get('/collateral-alerts', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    ctx.body = { items: (await mortgages.alerts(officer)).map(mortgageView) } satisfies Schemas['RealEstateMortgageList'];
  });
  const own = apiRouter({ prefix: '/api/v1/loan-applications' });
  own.get('/:id/real-estate-mortgage', async (ctx) => {
    const sme = requireRole(ctx, 'enterprise');
    const { id } = parseInput(idParams, ctx.params);
    const found = await mortgages.forEnterpriseIfAny(sme, id);
    if (found) ctx.body = mortgageView(found);
    else ctx.status = 204;
  });
  return [bank, own];
}
