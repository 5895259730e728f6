import { z } from 'zod';
import { ACTION_TYPES, REJECTION_REASONS } from '../../../bank-adapters/port.js';
import { calendarDate, text, typeError } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { money, months, rate } from '../lending-schemas.js';
import { consentTermsSchema } from '../consent-terms.js';
import { APPLICATION_STATUSES } from './application-status.js';

type Schemas = components['schemas'];

const count = (label: string, min: number, max: number) =>
  z.number({ error: typeError(`请输入${label}`, `${label}应为整数（数字）`) }).int(`${label}应为整数`).min(min, `${label}不能小于${min}`).max(max, `${label}不能超过${max}`);

/** Request schemas of the application API; each is checked against the type generated from the spec. */
export const applicationInputSchema = z
  .object({
    productId: z.uuid('产品编号应为 UUID'),
    amount: money('申请金额'),
    termMonths: months('申请期限'),
    purpose: text('贷款用途', 500),
    submit: z.boolean().default(true),
    consent: consentTermsSchema.optional(),
    startupLoan: z
      .object({
        borrowerType: z.enum(['individual', 'partnership', 'small_firm'], '请选择借款人类型'),
        borrowerCategory: text('借款人类别', 20),
        jobsCreated: count('带动就业人数', 0, 100_000),
        renewals: count('已续贷次数', 0, 100),
        partners: count('合伙人数', 1, 100).optional(),
        staff: count('职工总数', 1, 100_000).optional(),
        newHires: count('当年新招用人数', 0, 100_000).optional(),
        counterGuarantee: z.boolean({ error: '请说明是否提供反担保' }),
      })
      .strict()
      .optional(),
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

/**
 * A bank's list also pages by cursor: `before` = the previous page's `nextBefore`. Page numbers
 * are offsets into the list as it stands at each request, so a system working through
 * `status=SUBMITTED` (accepting each) skipped a page's worth each time it asked for page 2.
 */
export const bankApplicationQuerySchema = applicationQuerySchema
  .extend({ before: z.uuid('贷款申请编号应为 UUID').optional() })
  .refine((q) => q.before === undefined || q.page === 1, { path: ['page'], message: '按 before 翻页时不再使用 page' });
