import { describe, expect, it } from 'vitest';
import { isCalendarDate } from './calendar-date.js';

const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The days of the proleptic Gregorian calendar as JavaScript's Date counts them (setUTCFullYear: years below 100 stay as they are). */
function isDateDay(y: number, m: number, d: number): boolean {
  const at = new Date(0);
  at.setUTCFullYear(y, m - 1, d);
  return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
}

describe('isCalendarDate', () => {
  it('accepts exactly the days of the calendar, leap years included, for every day 1..31 of every month of 1899-2101', () => {
    for (let y = 1899; y <= 2101; y++) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= 31; d++) expect.soft(isCalendarDate(iso(y, m, d)), iso(y, m, d)).toBe(isDateDay(y, m, d));
      }
    }
  });

  it('accepts years 1-99 (Date.UTC read them as 1901-1999) and refuses year 0', () => {
    expect(isCalendarDate('0050-02-28')).toBe(true);
    expect(isCalendarDate('0004-02-29')).toBe(true);
    expect(isCalendarDate('0100-02-29')).toBe(false);
    expect(isCalendarDate('0000-01-01')).toBe(false);
  });

  it('refuses what is not YYYY-MM-DD or not a day', () => {
    for (const text of ['2026-13-01', '2026-00-10', '2026-04-00', '2026-02-29', '2026-4-01', '2026/04/01', ' 2026-04-01', '2026-04-01T00:00', '２０２６-04-01', ''])
      expect(isCalendarDate(text), text).toBe(false);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('1900-02-29')).toBe(false);
  });
});
