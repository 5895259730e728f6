/**
 * Working days for the 双公示 7-working-day rule. Weekends are rest days and Monday–Friday
 * working days unless the calendar says otherwise: statutory holidays (is_working_day false)
 * and the weekend make-up days (调休, is_working_day true) are kept in `working_calendar`
 * and maintained by operators each year when the State Council publishes them.
 */
export const PUBLICATION_LIMIT_WORKING_DAYS = 7;

export type CalendarOverrides = ReadonlyMap<string, boolean>;

const DAY_MS = 86_400_000;

export function isWorkingDay(day: string, overrides: CalendarOverrides): boolean {
  const override = overrides.get(day);
  if (override !== undefined) return override;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The date `n` working days after `day` (the day itself not counted). */
export function addWorkingDays(day: string, n: number, overrides: CalendarOverrides): string {
  let t = Date.parse(`${day}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    t += DAY_MS;
    if (isWorkingDay(new Date(t).toISOString().slice(0, 10), overrides)) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

/** Whether a decision taken on `decisionDate` and received on `receivedDate` met the 7-working-day limit. */
export function publishedOnTime(decisionDate: string, receivedDate: string, overrides: CalendarOverrides): boolean {
  return receivedDate <= addWorkingDays(decisionDate, PUBLICATION_LIMIT_WORKING_DAYS, overrides);
}
