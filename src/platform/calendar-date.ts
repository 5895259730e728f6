/**
 * Calendar dates as `YYYY-MM-DD`: real days of the Gregorian calendar (no 2026-02-30, no year
 * 0000). Business meaning adds a range, e.g. ledger dates from {@link EARLIEST_BUSINESS_DATE} to
 * tomorrow in Shanghai.
 */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The earliest business date the platform records (the 信易贷 data starts long after). */
export const EARLIEST_BUSINESS_DATE = '2000-01-01';
/** The latest date any calendar field accepts (report months, working calendar). */
export const LATEST_CALENDAR_DATE = '2100-12-31';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Checked by arithmetic, without a Date per value: bulk loads check two dates per row of a
 * million-row file. The proleptic Gregorian calendar, as JavaScript's Date and PostgreSQL use.
 */
export function isCalendarDate(text: string): boolean {
  if (!DATE_PATTERN.test(text)) return false;
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

/** `date` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** `YYYYMMDD` (bank wire format) as `YYYY-MM-DD`; not checked. */
export const fromCompactDate = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
