import { z } from 'zod';
import { calendarDate, text, typeError } from '../http/field-schemas.js';
import type { components } from '../http/generated/api.js';
import { MONEY_PATTERN } from '../platform/money.js';
import { money, rate } from '../lending/lending-schemas.js';
import { GUARANTEE_STATUSES } from './guarantee.js';
import { TECH_LISTS } from '../ingestion/categories/tech-lists-labels.js';
import { COUNTER_GUARANTEES, GUARANTEE_ROUTES } from './guarantee-product.js';
import { RISK_BASES, RISK_PARTY_ROLES } from './risk-sharing.js';

type Schemas = components['schemas'];

/** Request schemas of the guarantee API; each is checked against the type generated from the spec. */
const shareBp = (label: string) => z.number({ error: typeError(`请输入${label}`, `${label}应为整数（万分比，数字）`) }).int(`${label}应为整数（万分比）`).min(1, `${label}须大于0`).max(10_000, `${label}不能超过10000（100%）`);
const tier = z.enum(['specialised', 'high_tech', 'tech_sme']);

export const riskTemplateSchema = z
  .object({
    code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, '模板编号应为大写字母、数字和连字符'),
    name: text('模板名称', 100),
    parties: z
      .array(z.object({ role: z.enum(RISK_PARTY_ROLES), label: text('分担方名称', 60), shareBp: shareBp('分担比例'), via: z.enum(RISK_PARTY_ROLES).optional() }).strict())
      .min(1, '至少一个分担方')
      .max(8),
    recoveryShareBp: z.array(z.number().int().min(0).max(10_000)).max(8).nullable(),
    basis: z.enum(RISK_BASES),
    source: text('来源', 1000),
  })
  .strict() satisfies z.ZodType<Schemas['RiskTemplate'], unknown>;

export const guaranteeProductInputSchema = z
  .object({
    loanProductId: z.uuid('银行产品编号应为 UUID'),
    name: text('担保产品名称', 100),
    route: z.enum(GUARANTEE_ROUTES, '业务模式应为 guarantee_first（见保即贷）或 loan_first（见贷即保）'),
    templateCode: text('风险分担模板', 40),
    guaranteedShareBp: shareBp('担保比例'),
    feeRate: rate('担保费率'),
    feeSubsidyRate: rate('保费补贴费率'),
    singleFirmCap: money('单户在保上限'),
    maxTermMonths: z.number({ error: '请输入担保期限上限' }).int().min(1).max(360),
    eligibleLists: z.array(z.enum(TECH_LISTS)).max(3).default([]),
    techTier: tier.nullable().default(null),
    counterGuarantees: z.array(z.enum(COUNTER_GUARANTEES)).max(4).default([]),
    counterGuaranteeFreeUpTo: money('免反担保额度').nullable().default(null),
    autoGrantMaxAmount: money('自动担保单笔上限').nullable().default(null),
  })
  .strict() satisfies z.ZodType<Schemas['GuaranteeProductInput'], unknown>;

export const eligibilityQuerySchema = z.object({
  amount: z.string().regex(MONEY_PATTERN, '金额应为数字（元），最多两位小数'),
  termMonths: z.coerce.number().int().min(1).max(360),
});

export const capacityInputSchema = z.object({ batchLimit: money('批量担保额度') }).strict() satisfies z.ZodType<Schemas['GuaranteeCapacityInput'], unknown>;

export const guaranteeQuerySchema = z.object({
  status: z.enum(GUARANTEE_STATUSES).optional(),
  productId: z.uuid('担保产品编号应为 UUID').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.uuid('担保业务编号应为 UUID').optional(),
});

export const guaranteeDecisionSchema = z
  .object({
    decision: z.enum(['grant', 'decline'], '审批结果应为 grant（同意担保）或 decline（不予担保）'),
    reason: text('理由', 500, { optional: true }).optional(),
  })
  .strict() satisfies z.ZodType<Schemas['GuaranteeDecisionInput'], unknown>;

export const feePaymentSchema = z
  .object({ reference: text('缴费凭证号', 64), amount: money('保费金额') })
  .strict() satisfies z.ZodType<Schemas['GuaranteeFeePaymentInput'], unknown>;

export const compensationInputSchema = z
  .object({ lossAmount: money('损失金额'), paidOn: calendarDate('代偿日期') })
  .strict() satisfies z.ZodType<Schemas['CompensationInput'], unknown>;

export const recoveryInputSchema = z
  .object({ amount: money('追偿金额'), receivedOn: calendarDate('收回日期'), reference: text('追偿流水号', 64) })
  .strict() satisfies z.ZodType<Schemas['RecoveryInput'], unknown>;
