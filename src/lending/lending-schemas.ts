import { z } from 'zod';
import { AMOUNT_MAX, compareMoney, MONEY_PATTERN, yuanText } from '../platform/money.js';
import { typeError } from '../http/field-schemas.js';

/** Field schemas the request schemas of lending's sub-capabilities share. */
export const money = (label: string) =>
  z
    .string({ error: typeError(`请输入${label}`, `${label}应为文本形式的金额（元），如 "500000.00"`) })
    .regex(MONEY_PATTERN, { message: `${label}应为金额（元），最多两位小数`, abort: true })
    .refine((v) => /[1-9]/.test(v), `${label}须大于0`)
    .refine((v) => compareMoney(v, AMOUNT_MAX) <= 0, { message: `${label}不能超过 ${yuanText(AMOUNT_MAX)}`, params: { code: 'AMOUNT_TOO_LARGE' } });
export const rate = (label: string) => z.string({ error: typeError(`请输入${label}`, `${label}应为文本形式的年化百分比，如 "3.85"`) }).regex(/^\d{1,2}(\.\d{1,4})?$/, `${label}应为年化百分比，如 3.45`);
export const months = (label: string) => z.number({ error: typeError(`请输入${label}`, `${label}应为整数月（数字，如 12）`) }).int(`${label}应为整数月`).min(1).max(360);

export const idParams = z.object({ id: z.uuid('编号应为 UUID') });
