import { z } from 'zod';
import { validateUscc } from '../../enterprises/uscc.js';
import { decimalPattern, labelledEnum, MONTH_PATTERN, moneyField, monthField, normaliseDecimal, usccField } from '../field-types.js';
import { defineFormat, withFastParse, type CategoryDefinition, type StagedRecord } from '../format-version.js';

export const TAX_TYPE_LABELS = {
  vat: '增值税',
  corporate_income: '企业所得税',
  individual_income_withheld: '个人所得税（代扣代缴）',
  consumption: '消费税',
  urban_maintenance: '城市维护建设税',
  stamp: '印花税',
  property: '房产税',
  land_use: '城镇土地使用税',
  other: '其他税费',
} as const;

/** Format version 1 as its zod schema alone (the contract; `parseTaxPaymentRow` is checked against it). */
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

const FIELDS = new Set(['uscc', 'period', 'taxType', 'amountPaid', 'arrearsAmount']);
const TAX_TYPES = new Map<string, string>([...Object.keys(TAX_TYPE_LABELS).map((code) => [code, code] as const), ...Object.entries(TAX_TYPE_LABELS).map(([code, label]) => [label, code] as const)]);
const MONEY = decimalPattern(2);

/**
 * The typed check of format version 1 for bulk loads (a million rows a month): the record the
 * schema would produce, for rows given as text the way files deliver them; undefined for any
 * other row (numbers from JSON, `2026/09`, any error), which the schema then decides.
 */
export function parseTaxPaymentRow(values: Record<string, unknown>): StagedRecord | undefined {
  for (const key in values) if (!FIELDS.has(key)) return undefined;
  const { uscc: rawUscc, period, taxType: rawTaxType, amountPaid: rawPaid, arrearsAmount: rawArrears } = values;
  if (typeof rawUscc !== 'string' || typeof period !== 'string' || typeof rawTaxType !== 'string' || typeof rawPaid !== 'string') return undefined;
  if (rawArrears !== undefined && (typeof rawArrears !== 'string' || !MONEY.test(rawArrears))) return undefined;
  if (!MONTH_PATTERN.test(period) || !MONEY.test(rawPaid)) return undefined;
  const taxType = TAX_TYPES.get(rawTaxType);
  if (taxType === undefined) return undefined;
  const checked = validateUscc(rawUscc);
  if (!checked.ok) return undefined;
  const uscc = checked.uscc;
  return {
    recordKey: `${uscc}|${period}|${taxType}`,
    uscc,
    businessDate: `${period}-01`,
    publicityEnd: null,
    decisionDate: null,
    payload: { uscc, period, taxType, amountPaid: normaliseDecimal(rawPaid, 2), arrearsAmount: rawArrears === undefined ? '0.00' : normaliseDecimal(rawArrears, 2) },
  };
}

/** 纳税 from 税务: tax paid and owed per period and tax type. */
export const taxPaymentsCategory: CategoryDefinition = {
  category: 'tax_payments',
  scope: 'tax',
  label: '纳税缴款',
  formats: [withFastParse(taxPaymentsSchemaV1, parseTaxPaymentRow)],
};
