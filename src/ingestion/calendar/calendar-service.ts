import type { Db } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import { notFound } from '../../platform/errors.js';
import type { CalendarDay, CalendarStore } from './calendar-store.js';

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

  async removeCalendarDay(day: string): Promise<void> {
    if (!(await this.deps.transaction((tx) => this.deps.calendar.remove(tx, day)))) throw notFound('CALENDAR_DAY_NOT_FOUND', '日历中没有该日期的设置');
  }
}
