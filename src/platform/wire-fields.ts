import { z } from 'zod';
import { EARLIEST_BUSINESS_DATE, fromCompactDate, isCalendarDate, LATEST_CALENDAR_DATE } from './calendar-date.js';
import { AMOUNT_MAX, isBoundedMoney } from './money.js';
import { hasControlCharacter, trimInvisible } from './visible-text.js';

/**
 * Field types for what other systems send us (bank callbacks and status reports): the same
 * bounds as our own API, so a signed message can never carry a value our tables cannot hold.
 */
export const wireMoney = z
  .string()
  .refine((v) => isBoundedMoney(v) && /[1-9]/.test(v), `应为大于 0、不超过 ${AMOUNT_MAX} 元的金额，最多两位小数`)
  .meta({ pattern: '^[0-9]{1,16}(\\.[0-9]{1,2})?$', description: `Amount in yuan (元) as a decimal string, > 0 and <= ${AMOUNT_MAX}, at most two decimals` });
export const wireRate = z
  .string()
  .regex(/^\d{1,2}(\.\d{1,4})?$/, '应为年化百分比，如 3.85')
  .meta({ description: 'Annual interest rate (年利率) in percent as a decimal string, at most four decimals: "3.85" is 3.85% a year, not 0.0385' });
export const wireTermMonths = z.number().int().min(1).max(360).meta({ description: 'Loan term (期限) in whole months, 1 to 360' });
export const wireText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !hasControlCharacter(v), '不能包含控制字符')
    .meta({ description: 'Text without control characters' });
/** A reference or id: something visible, at most 100 characters. */
export const wireId = z
  .string()
  .max(100)
  .refine((v) => trimInvisible(v) !== '' && !hasControlCharacter(v), '应为可见字符组成的编号')
  .meta({ minLength: 1, description: 'An id or reference of visible characters, at most 100' });

const inRange = (iso: string) => isCalendarDate(iso) && iso >= EARLIEST_BUSINESS_DATE && iso <= LATEST_CALENDAR_DATE;
const dateMessage = `应为 ${EARLIEST_BUSINESS_DATE} 至 ${LATEST_CALENDAR_DATE} 之间真实存在的日期`;
/** `YYYY-MM-DD`. */
export const wireDate = z.string().refine(inRange, dateMessage).meta({ format: 'date', description: `YYYY-MM-DD, ${EARLIEST_BUSINESS_DATE} to ${LATEST_CALENDAR_DATE}` });
/** `YYYYMMDD`. */
export const wireCompactDate = z
  .string()
  .refine((v) => /^\d{8}$/.test(v) && inRange(fromCompactDate(v)), dateMessage)
  .meta({ pattern: '^[0-9]{8}$', description: 'YYYYMMDD (Asia/Shanghai business date)' });
