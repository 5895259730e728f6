import type { Db, DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import { notFound } from '../../platform/errors.js';
import type { CalendarDay, CalendarStore } from './calendar-store.js';
import { addWorkingDays } from './working-calendar.js';

export interface CalendarServiceDeps {
  db: Db;
  transaction: TransactionRunner;
  calendar: CalendarStore;
}

/** The working-day calendar (调休 and holidays) operators maintain; timeliness checks of deliveries read it. */
export class CalendarService {
  constructor(private readonly deps: CalendarServiceDeps) {}

  calendar(year: number): Promise<CalendarDay[]> {
    return this.deps.calendar.list(this.deps.db, { from: `${year}-01-01`, to: `${year}-12-31` });
  }

  async setCalendarDays(days: readonly CalendarDay[]): Promise<void> {
    await this.deps.transaction((tx) => this.deps.calendar.upsert(tx, days));
  }

  /** The working day `n` working days after `day` (holidays and 调休 as the calendar holds them). */
  async addWorkingDays(tx: DbOrTrx, day: string, n: number): Promise<string> {
    // Generous range: n working days never span more than 2n + 30 calendar days (the longest holidays included).
    const to = new Date(Date.parse(`${day}T00:00:00Z`) + (2 * n + 30) * 86_400_000).toISOString().slice(0, 10);
    const days = await this.deps.calendar.list(tx, { from: day, to });
    return addWorkingDays(day, n, new Map(days.map((d) => [d.day, d.isWorkingDay])));
  }

  async removeCalendarDay(day: string): Promise<void> {
    if (!(await this.deps.transaction((tx) => this.deps.calendar.remove(tx, day)))) throw notFound('CALENDAR_DAY_NOT_FOUND', '日历中没有该日期的设置');
  }
}
