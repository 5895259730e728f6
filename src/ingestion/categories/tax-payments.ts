import { z } from 'zod';
import { labelledEnum, moneyField, monthField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';
import { TAX_TYPE_LABELS } from './tax-payments-labels.js';

/** Format version 1 (bulk loads pass its typed row check, `row-check.ts`, before the schema). */
export const taxPaymentsSchemaV1 = defineFormat(
  1,
  z.object({
    uscc: usccField(),
    period: monthField('所属期'),
    taxType: labelledEnum('税种', TAX_TYPE_LABELS),
    amountPaid: moneyField('实缴税额（元）'),
    arrearsAmount: moneyField('欠税金额（元）').default('0.00'),
  }),
  { uscc: '统一社会信用代码', period: '所属期', taxType: '税种', amountPaid: '实缴税额（元）', arrearsAmount: '欠税金额（元）' },
  { recordKey: (r) => `${r.uscc}|${r.period}|${r.taxType}`, uscc: (r) => r.uscc, businessDate: (r) => `${r.period}-01` },
);

/** 纳税 from 税务: tax paid and owed per period and tax type. */
export const taxPaymentsCategory: CategoryDefinition = {
  category: 'tax_payments',
  scope: 'tax',
  label: '纳税缴款',
  formats: [taxPaymentsSchemaV1],
};
