import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, publishedOnTime } from './working-calendar.js';

const calendar = new Map([
  ['2026-10-01', false],
  ['2026-10-02', false],
  ['2026-10-05', false],
  ['2026-10-06', false],
  ['2026-10-07', false],
  ['2026-10-10', true],
]);

describe('working calendar', () => {
  it('counts weekdays as working days and weekends as rest days by default', () => {
    expect(isWorkingDay('2026-11-23', new Map())).toBe(true);
    expect(isWorkingDay('2026-11-28', new Map())).toBe(false);
    expect(addWorkingDays('2026-11-20', 7, new Map())).toBe('2026-12-01');
  });

  it('skips holidays and counts make-up Saturdays', () => {
    // Decision on Wed 30 Sep: holidays 1–7 Oct, make-up working Saturday 10 Oct.
    expect(addWorkingDays('2026-09-30', 1, calendar)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 3, calendar)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 7, calendar)).toBe('2026-10-15');
  });

  it('decides 双公示 timeliness inclusive of the 7th working day', () => {
    expect(publishedOnTime('2026-09-30', '2026-10-15', calendar)).toBe(true);
    expect(publishedOnTime('2026-09-30', '2026-10-16', calendar)).toBe(false);
    expect(publishedOnTime('2026-09-30', '2026-10-15', new Map())).toBe(false);
  });
});
