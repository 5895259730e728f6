import type { DbOrTrx } from '../../db/database.js';

export interface CalendarDay {
  day: string;
  isWorkingDay: boolean;
  note: string;
}

export interface CalendarStore {
  list(tx: DbOrTrx, range?: { from: string; to: string }): Promise<CalendarDay[]>;
  upsert(tx: DbOrTrx, days: readonly CalendarDay[]): Promise<void>;
  remove(tx: DbOrTrx, day: string): Promise<boolean>;
}

export const calendarStore: CalendarStore = {
  async list(tx, range) {
    const q = tx('working_calendar').orderBy('day').select<CalendarDay[]>('day', 'is_working_day as isWorkingDay', 'note');
    if (range) q.whereBetween('day', [range.from, range.to]);
    return q;
  },
  async upsert(tx, days) {
    if (days.length === 0) return;
    await tx('working_calendar')
      .insert(days.map((d) => ({ day: d.day, is_working_day: d.isWorkingDay, note: d.note })))
      .onConflict('day')
      .merge();
  },
  async remove(tx, day) {
    return (await tx('working_calendar').where({ day }).delete()) > 0;
  },
};
