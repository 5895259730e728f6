import { z } from 'zod';
import { text } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { AMOUNT_MAX, isBoundedMoney } from '../../platform/money.js';
import { money, months, rate } from '../lending-schemas.js';
import { FILTER_OPERATORS } from './eligibility.js';
import { GUARANTEE_TYPES, ZONE_TAGS } from './loan-product.js';

type Schemas = components['schemas'];

/** Request schemas of the product API; each is checked against the type generated from the spec. */
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
  status: z.enum(['draft', 'published', 'withdrawn', 'returned']).optional(),
});

export const productPublishSchema = z
  .object({ revision: z.number({ error: '请给出审核的产品版本' }).int('产品版本应为正整数').min(1, '产品版本应为正整数').max(2_147_483_647, '产品版本过大') })
  .strict() satisfies z.ZodType<Schemas['LoanProductPublishInput'], unknown>;

export const productReturnSchema = z
  .object({ reason: z.string().trim().min(2, '退回原因至少2个字').max(500, '退回原因不能超过500个字') })
  .strict() satisfies z.ZodType<Schemas['LoanProductReturnInput'], unknown>;
