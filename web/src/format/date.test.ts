import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDateTimeSeconds, formatMonth, nextDay, startOfShanghaiDay, thisMonthInShanghai, todayInShanghai } from './date';

describe('dates', () => {
  it('shows business dates as they are and timestamps in Asia/Shanghai', () => {
    expect(formatDate('2026-01-31')).toBe('2026-01-31');
    expect(formatDate('2026-01-31T16:30:00.000Z')).toBe('2026-02-01');
    expect(formatDateTime('2026-01-31T16:30:00.000Z')).toBe('2026-02-01 00:30');
  });

  it('shows access times to the second', () => {
    expect(formatDateTimeSeconds('2026-01-31T16:30:05.900Z')).toBe('2026-02-01 00:30:05');
  });

  it('shows a month on its own as 年月, from a month, a day or a timestamp in Asia/Shanghai', () => {
    expect(formatMonth('2026-11')).toBe('2026年11月');
    expect(formatMonth('2026-03')).toBe('2026年3月');
    expect(formatMonth('2026-03-31')).toBe('2026年3月');
    expect(formatMonth('2026-03-31T16:30:00.000Z')).toBe('2026年4月');
    expect(thisMonthInShanghai(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01');
  });

  it('turns a chosen day into Shanghai instants and steps over month and year ends', () => {
    expect(startOfShanghaiDay('2026-03-01')).toBe('2026-03-01T00:00:00+08:00');
    expect(new Date(startOfShanghaiDay('2026-03-01')).toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(todayInShanghai(new Date('2026-01-31T16:30:00Z'))).toBe('2026-02-01');
  });
});
