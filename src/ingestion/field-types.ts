import { z } from 'zod';
import { validateUscc } from '../platform/uscc.js';
import { isCalendarDate, LATEST_CALENDAR_DATE } from '../platform/calendar-date.js';
import { hasControlCharacter, trimInvisible } from '../platform/visible-text.js';
import { UNDECIDED, withValueCheck } from './row-check.js';

/**
 * Field types shared by the category schemas. Files deliver every cell as text and JSON lines
 * may deliver numbers or booleans, so each type accepts both and normalises: money becomes a
 * decimal string with two places, dates `YYYY-MM-DD`, months `YYYY-MM`. Each type also registers
 * its typed check of a text value (see row-check.ts), which must produce exactly what its schema
 * produces for the values it vouches for.
 */
const text = (v: unknown): unknown => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);

export const usccField = () =>
  withValueCheck(
    z.preprocess(
      text,
      z.string({ error: '缺少统一社会信用代码' }).transform((value, ctx) => {
        const checked = validateUscc(value);
        if (checked.ok) return checked.uscc;
        ctx.addIssue({ code: 'custom', message: checked.error.message, params: { code: checked.error.code } });
        return z.NEVER;
      }),
    ),
    (value) => {
      const checked = validateUscc(value);
      return checked.ok ? checked.uscc : UNDECIDED;
    },
  );

export const textField = (label: string, max = 200) =>
  withValueCheck(
    z.preprocess(
      (v) => (typeof v === 'string' ? trimInvisible(v) : text(v)),
      z
        .string({ error: `缺少${label}` })
        .min(1, `缺少${label}`)
        .max(max, `${label}最长${max}个字符`)
        .refine((v) => !hasControlCharacter(v), { message: `${label}不能包含控制字符`, params: { code: 'CONTROL_CHARACTER' } }),
    ),
    (value) => {
      const v = trimInvisible(value);
      return v.length >= 1 && v.length <= max && !hasControlCharacter(v) ? v : UNDECIDED;
    },
  );

/** Records of the register reach back decades; nothing a source reports lies beyond 2100. */
const isRealDate = (iso: string) => isCalendarDate(iso) && iso >= '1900-01-01' && iso <= LATEST_CALENDAR_DATE;

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export const dateField = (label: string) =>
  withValueCheck(
    z.preprocess(
      (v) => (typeof v === 'string' ? v.replace(/\//g, '-') : v),
      z
        .string({ error: `缺少${label}` })
        .regex(DATE_PATTERN, `${label}应为 YYYY-MM-DD 格式的日期`)
        .refine(isRealDate, { message: `${label}不是有效日期`, params: { code: 'INVALID_DATE' } }),
    ),
    (value) => (DATE_PATTERN.test(value) && isRealDate(value) ? value : UNDECIDED),
  );

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Months within the years dates may take (1900 to 2100): a period of year 0000 or 9999 is a typing error, not data. */
const isRealMonth = (month: string) => MONTH_PATTERN.test(month) && isRealDate(`${month}-01`);

/**
 * A spreadsheet keeps a month typed into a cell ("2026-07", "2026年7月") as the date of its first
 * day, and an XLSX cell is read as that date: the first of a month stands for the month.
 */
const FIRST_OF_MONTH = /^(\d{4}-\d{2})-01$/;
const monthText = (v: string) => v.replace(/\//g, '-').replace(FIRST_OF_MONTH, '$1');

export const monthField = (label: string) =>
  withValueCheck(
    z.preprocess(
      (v) => (typeof v === 'string' ? monthText(v) : v),
      z
        .string({ error: `缺少${label}` })
        .regex(MONTH_PATTERN, { message: `${label}应为 YYYY-MM 格式的月份`, abort: true })
        .refine(isRealMonth, { message: `${label}须在 1900-01 至 2100-12 之间`, params: { code: 'MONTH_OUT_OF_RANGE' } }),
    ),
    (value) => {
      const month = monthText(value);
      return isRealMonth(month) ? month : UNDECIDED;
    },
  );

const LEADING_ZEROS = /^0+(?=\d)/;

/** A non-negative decimal with up to 16 integer digits and up to `places` decimals, as text. */
export const decimalPattern = (places: number) => new RegExp(`^\\d{1,16}(\\.\\d{1,${places}})?$`);

/** A decimal matching `decimalPattern(places)` written with exactly `places` decimals and no leading zeros. */
export function normaliseDecimal(v: string, places: number): string {
  const dot = v.indexOf('.');
  // Already written that way (the common case in bulk files): no leading zero, all decimals.
  if (dot === v.length - 1 - places && (dot === 1 || (dot > 1 && v.charCodeAt(0) !== 48))) return v;
  const int = dot < 0 ? v : v.slice(0, dot);
  const frac = dot < 0 ? '' : v.slice(dot + 1);
  return `${int.replace(LEADING_ZEROS, '')}.${frac.padEnd(places, '0')}`;
}

function decimalField(label: string, places: number) {
  const pattern = decimalPattern(places);
  return withValueCheck(
    z.preprocess(
      text,
      z
        .string({ error: `缺少${label}` })
        .regex(pattern, `${label}应为不小于0、最多${places}位小数的数字`)
        .transform((v) => normaliseDecimal(v, places)),
    ),
    (value) => (pattern.test(value) ? normaliseDecimal(value, places) : UNDECIDED),
  );
}

/** 元, two decimal places. */
export const moneyField = (label: string) => decimalField(label, 2);
/** 平方米, two decimal places. */
export const areaField = (label: string) => decimalField(label, 2);
/** 万元 as the 双公示 standard reports fines, up to six decimal places (to the 元 and 分). */
export const wanField = (label: string) => decimalField(label, 6);

const INTEGER = /^-?\d+$/;

export const intField = (label: string, min = 0, max = 10_000_000) =>
  withValueCheck(
    z.preprocess(
      (v) => (typeof v === 'string' && INTEGER.test(v) ? Number(v) : v),
      z.number({ error: `${label}应为整数` }).int(`${label}应为整数`).min(min, `${label}不能小于${min}`).max(max, `${label}不能大于${max}`),
    ),
    (value) => {
      if (!INTEGER.test(value)) return UNDECIDED;
      const n = Number(value);
      return Number.isSafeInteger(n) && n >= min && n <= max ? n : UNDECIDED;
    },
  );

const TRUE = new Set(['true', '是', 'y', 'yes', '1']);
const FALSE = new Set(['false', '否', 'n', 'no', '0']);

const asBoolean = (v: string): boolean | undefined => {
  const s = v.toLowerCase();
  return TRUE.has(s) ? true : FALSE.has(s) ? false : undefined;
};

export const boolField = (label: string) =>
  withValueCheck(
    z.preprocess((v) => (typeof v === 'string' ? asBoolean(v) ?? v : v), z.boolean({ error: `${label}应为 是/否` })),
    (value) => asBoolean(value) ?? UNDECIDED,
  );

/** An enumeration that accepts the code or its Chinese label and yields the code. */
export function labelledEnum<const C extends string>(label: string, labels: Readonly<Record<C, string>>) {
  const byLabel = new Map(Object.entries<string>(labels).map(([code, l]) => [l, code]));
  const codes = Object.keys(labels) as [C, ...C[]];
  const codeSet = new Set<string>(codes);
  return withValueCheck(
    z.preprocess(
      (v) => (typeof v === 'string' && byLabel.has(v) ? byLabel.get(v) : v),
      z.enum(codes, { error: `${label}应为以下之一：${Object.values<string>(labels).join('、')}` }),
    ),
    (value) => byLabel.get(value) ?? (codeSet.has(value) ? value : UNDECIDED),
  );
}
