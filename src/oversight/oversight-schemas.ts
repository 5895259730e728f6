import { z } from 'zod';
import { calendarDate, calendarMonth, text } from '../http/field-schemas.js';
import type { components } from '../http/generated/api.js';

/** Request schemas of the oversight API; each is checked against the type generated from the spec. */
type Schemas = components['schemas'];

const month = calendarMonth('月份');
/** Where a figure comes from (a document, an authority): free text with the shared rules, at least two characters. */
const source = text('来源', 200).refine((v) => [...v].length >= 2, '来源至少 2 个字符');
const district = z.string().regex(/^\d{6}$/, '区县代码应为 6 位数字');

export const monthQuery = z.object({ month: month.optional(), district: district.optional() });
export const trendQuery = z.object({ to: month.optional(), months: z.coerce.number().int().min(1).max(36).optional() });
export const periodQuery = z.object({ from: month.optional(), to: month.optional(), district: district.optional() });
export const drillDownQuery = z.object({ kpi: z.string().regex(/^[a-z_]{2,40}$/, '指标编号格式不正确'), month: month.optional() });

export const alertParams = z.object({ id: z.uuid('预警编号应为 UUID') });

export const targetInput = z.strictObject({
  kpiCode: z.string().min(1),
  comparator: z.enum(['gt', 'gte', 'lt', 'lte']),
  target: z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, '目标值应为非负小数'),
  source,
  effectiveFrom: calendarDate('生效日期'),
}) satisfies z.ZodType<Schemas['OversightTargetInput']>;

export const cityBalanceInput = z.strictObject({
  month,
  balance: z.string().regex(/^(0|[1-9]\d{0,15})(\.\d{1,2})?$/, '余额应为金额（元），最多两位小数').refine((v) => Number(v) > 0, '余额应大于 0'),
  source,
}) satisfies z.ZodType<Schemas['CityInclusiveBalanceInput']>;
