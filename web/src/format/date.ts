/**
 * What a person reads of a date, on every page: a day as 2026-03-05, a moment as 2026-03-05 14:30
 * (to the second where the moment matters), a month on its own as 2026年3月, all in Asia/Shanghai.
 * Pages format dates only through these functions (`test/web-dates.test.ts`). Date inputs keep
 * their ISO values ('YYYY-MM-DD', 'YYYY-MM') and files people download keep ISO dates.
 */
const DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const SECONDS = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** How a month picker shows the month it holds (its value stays 'YYYY-MM'), as `formatMonth` reads. */
export const MONTH_PICKER_FORMAT = 'YYYY年M月';

/** A timestamp (ISO 8601) or a business date ('YYYY-MM-DD', shown as is). */
export function formatDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return DATE.format(new Date(value));
}

export function formatDateTime(value: string): string {
  return `${formatDate(value)} ${TIME.format(new Date(value))}`;
}

/** To the second, where the moment matters (查询记录). */
export function formatDateTimeSeconds(value: string): string {
  return `${formatDate(value)} ${SECONDS.format(new Date(value))}`;
}

/** A month ('YYYY-MM', or a day or timestamp within it) as 2026年3月. */
export function formatMonth(value: string): string {
  const month = /^\d{4}-\d{2}$/.test(value) ? value : formatDate(value).slice(0, 7);
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** A day chosen in the portal ('YYYY-MM-DD', Asia/Shanghai) as the instant it starts. */
export function startOfShanghaiDay(day: string): string {
  return `${day}T00:00:00+08:00`;
}

/** The business day after `day` ('YYYY-MM-DD'). */
export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Today in Asia/Shanghai, 'YYYY-MM-DD'. */
export function todayInShanghai(now = new Date()): string {
  return DATE.format(now);
}

/** This month in Asia/Shanghai, 'YYYY-MM' (a month picker's value). */
export function thisMonthInShanghai(now = new Date()): string {
  return todayInShanghai(now).slice(0, 7);
}
