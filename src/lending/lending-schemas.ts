import { z } from 'zod';
import type { components } from '../http/generated/api.js';
import { ACTION_TYPES, REJECTION_REASONS } from '../../bank-adapters/port.js';
import { APPLICATION_STATUSES } from './applications/application-status.js';
import { FILTER_OPERATORS } from './products/eligibility.js';
import { GUARANTEE_TYPES, ZONE_TAGS } from './products/loan-product.js';
import { calendarDate, text } from '../http/field-schemas.js';
import { AMOUNT_MAX, compareMoney, isBoundedMoney, MONEY_PATTERN } from '../platform/money.js';

type Schemas = components['schemas'];

/** Request schemas of the lending API; each is checked against the type generated from the spec. */
export const money = (label: string) =>
  z
    .string({ error: `请输入${label}` })
    .regex(MONEY_PATTERN, { message: `${label}应为金额（元），最多两位小数`, abort: true })
    .refine((v) => /[1-9]/.test(v), `${label}须大于0`)
    .refine((v) => compareMoney(v, AMOUNT_MAX) <= 0, { message: `${label}不能超过 ${AMOUNT_MAX} 元`, params: { code: 'AMOUNT_TOO_LARGE' } });
export const rate = (label: string) => z.string({ error: `请输入${label}` }).regex(/^\d{1,2}(\.\d{1,4})?$/, `${label}应为年化百分比，如 3.45`);
const months = (label: string) => z.number({ error: `请输入${label}` }).int(`${label}应为整数月`).min(1).max(360);

const indicatorValue = z.union([z.string(), z.number(), z.boolean()]);
export const eligibilityFilterSchema = z
  .object({
    field: text('指标名', 64),
    operator: z.enum(FILTER_OPERATORS),
    value: z.union([indicatorValue, z.array(indicatorValue).min(1)]),
  })
  .strict() satisfies z.ZodType<Schemas['EligibilityFilter']>;

export const productInputSchema = z
  .object({
    name: text('产品名称', 100),
    description: text('产品说明', 2000, { optional: true }).default(''),
    minAmount: money('最低额度'),
    maxAmount: money('最高额度'),
    minTermMonths: months('最短期限'),
    maxTermMonths: months('最长期限'),
    minRate: rate('利率下限'),
    maxRate: rate('利率上限'),
    guaranteeType: z.enum(GUARANTEE_TYPES, '担保方式应为 credit/guarantee/mortgage/pledge/guarantee_company'),
    eligibility: z.array(eligibilityFilterSchema).max(30).default([]),
    regionCode: z.string().regex(/^\d{6}$/, '区划代码应为6位数字').nullable().default(null),
    zoneTags: z.array(z.enum(ZONE_TAGS)).default([]),
  })
  .strict() satisfies z.ZodType<Schemas['LoanProductInput'], unknown>;

export const productQuerySchema = z.object({
  guaranteeType: z.enum(GUARANTEE_TYPES).optional(),
  zoneTag: z.enum(ZONE_TAGS).optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  amount: z.string().refine(isBoundedMoney, `金额应为不超过 ${AMOUNT_MAX} 元的数字，最多两位小数`).optional(),
  termMonths: z.coerce.number().int().min(1).max(360).optional(),
  status: z.enum(['draft', 'published', 'withdrawn']).optional(),
});

export const idParams = z.object({ id: z.uuid('编号应为 UUID') });

export const applicationInputSchema = z
  .object({
    productId: z.uuid('产品编号应为 UUID'),
    amount: money('申请金额'),
    termMonths: months('申请期限'),
    purpose: text('贷款用途', 500),
    submit: z.boolean().default(true),
  })
  .strict() satisfies z.ZodType<Schemas['LoanApplicationInput'], unknown>;

export const withdrawSchema = z
  .object({ reason: text('撤回原因', 500) })
  .strict() satisfies z.ZodType<Schemas['WithdrawInput']>;

export const versionSchema = z.object({ version: z.number().int().min(1).optional() }).strict() satisfies z.ZodType<Schemas['VersionInput']>;

export const decisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject', 'request_action']),
    version: z.number().int().min(1).optional(),
    approvedAmount: money('批准金额').optional(),
    approvedRate: rate('批准利率').optional(),
    approvedTermMonths: months('批准期限').optional(),
    rejectionReason: z.enum(REJECTION_REASONS).optional(),
    actionType: z.enum(ACTION_TYPES).optional(),
    comment: text('审批意见', 1000, { optional: true }).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const need = (field: keyof typeof d, message: string) => {
      if (d[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message, params: { code: 'REQUIRED' } });
    };
    if (d.decision === 'approve') {
      need('approvedAmount', '批准时须填写批准金额');
      need('approvedRate', '批准时须填写批准利率');
      need('approvedTermMonths', '批准时须填写批准期限');
    }
    if (d.decision === 'reject') need('rejectionReason', '拒绝时须选择拒绝原因');
    if (d.decision === 'request_action') need('actionType', '要求补充材料时须选择补充类型');
  }) satisfies z.ZodType<Schemas['DecisionInput']>;

export const ledgerSchema = z
  .object({
    reference: text('流水号', 100),
    amount: money('金额'),
    occurredOn: calendarDate('发生日期'),
    version: z.number().int().min(1).optional(),
  })
  .strict() satisfies z.ZodType<Schemas['LedgerInput']>;

export const repaymentSchema = ledgerSchema
  .extend({ closesLoan: z.boolean().default(false) })
  .strict() satisfies z.ZodType<Schemas['RepaymentInput'], unknown>;

export const applicationQuerySchema = z.object({
  status: z.enum(APPLICATION_STATUSES).optional(),
  productId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
