import { z } from 'zod';
import { EARLIEST_BUSINESS_DATE, isCalendarDate, LATEST_CALENDAR_DATE } from '../platform/calendar-date.js';
import { validateUscc } from '../platform/uscc.js';
import { hasControlCharacter, trimInvisible } from '../platform/visible-text.js';

/**
 * Shared zod fields for values every feature takes: free text, calendar dates and credit codes. Each refusal
 * names the field through the schema path and carries a stable code.
 */

/**
 * A type refusal that tells a value left out (absent or null) from a value of the wrong type: an
 * integrator who sent `"amount": 500000` was told 请输入金额, as if it had sent nothing.
 */
export const typeError = (missing: string, wrongType: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null ? missing : wrongType;

/**
 * Free text: trimmed of whitespace and invisible characters at both ends; refused when nothing
 * visible remains (unless `optional`), when longer than `max` characters, or when it holds
 * control characters.
 */
export function text(label: string, max: number, options: { optional?: boolean } = {}) {
  return z
    .string({ error: `${label}应为文本` })
    .transform(trimInvisible)
    .superRefine((value, ctx) => {
      if (value === '') {
        if (!options.optional) ctx.addIssue({ code: 'custom', message: `请填写${label}`, params: { code: 'REQUIRED' } });
      } else if ([...value].length > max) {
        ctx.addIssue({ code: 'custom', message: `${label}最长${max}个字符`, params: { code: 'TOO_LONG' } });
      } else if (hasControlCharacter(value)) {
        ctx.addIssue({ code: 'custom', message: `${label}不能包含控制字符`, params: { code: 'CONTROL_CHARACTER' } });
      }
    });
}

/**
 * A real calendar date `YYYY-MM-DD` within [min, max] (defaults: 2000-01-01 .. 2100-12-31).
 * Bounds relative to today (e.g. "not in the future") belong to the service, which owns the clock.
 */
export function calendarDate(label: string, range: { min?: string; max?: string } = {}) {
  const min = range.min ?? EARLIEST_BUSINESS_DATE;
  const max = range.max ?? LATEST_CALENDAR_DATE;
  return z.string({ error: typeError(`请填写${label}`, `${label}应为 YYYY-MM-DD 格式的文本`) }).superRefine((value, ctx) => {
    if (!isCalendarDate(value)) {
      ctx.addIssue({ code: 'custom', message: `${label}应为真实存在的日期（YYYY-MM-DD）`, params: { code: 'INVALID_DATE' } });
    } else if (value < min || value > max) {
      ctx.addIssue({ code: 'custom', message: `${label}须在 ${min} 至 ${max} 之间`, params: { code: 'DATE_OUT_OF_RANGE' } });
    }
  });
}

/** Months a person may mean: a year 0000 or 9999 is a typing error, not a period (as for uploaded months). */
const EARLIEST_MONTH = '1900-01';
const LATEST_MONTH = '2100-12';

/** A month `YYYY-MM` within 1900-01 .. 2100-12. */
export function calendarMonth(label: string) {
  return z.string({ error: typeError(`请填写${label}`, `${label}应为 YYYY-MM 格式的文本`) }).superRefine((value, ctx) => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: `${label}应为 YYYY-MM 格式的月份`, params: { code: 'INVALID_MONTH' } });
    } else if (value < EARLIEST_MONTH || value > LATEST_MONTH) {
      ctx.addIssue({ code: 'custom', message: `${label}须在 ${EARLIEST_MONTH} 至 ${LATEST_MONTH} 之间`, params: { code: 'MONTH_OUT_OF_RANGE' } });
    }
  });
}

/**
 * A 统一社会信用代码 by GB 32100 (length, characters, region digits, check character), upper-cased:
 * a mistyped code is refused naming the rule it breaks, rather than read as an enterprise that
 * does not exist or did not authorise.
 */
export function usccField(requiredMessage = '请填写统一社会信用代码') {
  return z.string({ error: typeError(requiredMessage, '统一社会信用代码应为18位文本') }).transform((value, ctx) => {
    const checked = validateUscc(value);
    if (checked.ok) return checked.uscc;
    ctx.addIssue({ code: 'custom', message: checked.error.message, params: { code: checked.error.code } });
    return z.NEVER;
  });
}
