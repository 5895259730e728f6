import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import { calendarDate, text } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import { unprocessable } from '../../platform/errors.js';
import { compareMoney, fromFen, toFen, yuanText } from '../../platform/money.js';
import { money, rate } from '../../lending/lending-schemas.js';
import { LPR_SOURCE, lprOn, startupPolicyOn } from './startup-loan-policy.js';
import { subsidySchedule } from './startup-loan-subsidy.js';

type Schemas = components['schemas'];

const principal = z.string().regex(/^(0|[1-9]\d{0,15})(\.\d{1,2})?$/, '本金应为金额（元），最多两位小数');
const inputSchema = z
  .object({
    issueDate: calendarDate('发放日期'),
    region: text('地区', 20, { optional: true }).optional(),
    amount: money('贷款金额'),
    ratePct: rate('年利率'),
    periods: z.array(z.object({ months: z.number().int().min(1).max(12), principal }).strict()).min(1).max(120),
  })
  .strict() satisfies z.ZodType<Schemas['StartupSubsidyInput'], unknown>;

/** 创业担保贷款贴息测算: pure arithmetic on the policy table and the LPR; no rule lives here. */
export function startupLoanRoutes(): Router {
  const router = apiRouter({ prefix: '/api/v1/startup-loans' });
  router.post('/subsidy-schedule', async (ctx) => {
    requireRole(ctx, 'enterprise', 'bank_officer', 'guarantee_officer', 'financial_office', 'admin');
    const input = parseInput(inputSchema, ctx.request.body);
    const policy = startupPolicyOn(input.issueDate, input.region || undefined);
    const lpr = lprOn(input.issueDate);
    if (!policy || !lpr) throw unprocessable('NO_POLICY_IN_FORCE', '该发放日期没有适用的创业担保贷款贴息政策', [{ field: 'issueDate', code: 'NO_POLICY_IN_FORCE', message: '该发放日期没有适用的贴息政策' }]);
    const repaid = fromFen(input.periods.reduce((sum, p) => sum + toFen(p.principal), 0n));
    if (compareMoney(repaid, input.amount) !== 0) {
      throw unprocessable('PRINCIPAL_MISMATCH', `各期还本合计 ${yuanText(repaid)}，应等于贷款金额`, [{ field: 'periods', code: 'PRINCIPAL_MISMATCH', message: `各期还本合计 ${yuanText(repaid)}，应等于贷款金额 ${yuanText(input.amount)}` }]);
    }
    ctx.body = {
      policyCode: policy.code,
      policySource: `${policy.source}；LPR：${LPR_SOURCE}`,
      lprPct: lpr,
      rows: subsidySchedule(policy, { amount: input.amount, ratePct: input.ratePct, lprPct: lpr, periods: input.periods }),
    } satisfies Schemas['StartupSubsidySchedule'];
  });
  return router;
}
