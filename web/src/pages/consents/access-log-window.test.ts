import { describe, expect, it } from 'vitest';
import { mergeNewest, pollFrom } from './access-log-window';

const row = (id: number, accessedAt: string) => ({ id, accessedAt });

describe('access-log window', () => {
  it('polls from five seconds before the newest row shown, or from the filter when that is later', () => {
    const shown = [row(9, '2026-11-25T02:00:10.000Z'), row(8, '2026-11-25T02:00:01.000Z')];
    expect(pollFrom(shown, undefined)).toBe('2026-11-25T02:00:05.000Z');
    expect(pollFrom(shown, '2026-11-24T16:00:00.000Z')).toBe('2026-11-25T02:00:05.000Z');
    expect(pollFrom(shown, '2026-11-25T02:00:07.000Z')).toBe('2026-11-25T02:00:07.000Z');
    expect(pollFrom([], '2026-11-24T16:00:00.000Z')).toBe('2026-11-24T16:00:00.000Z');
  });

  it('merges by id, keeps a read committed after a newer one, newest first, at most `limit`', () => {
    const shown = [row(10, 't10'), row(8, 't8'), row(7, 't7')];
    const fresh = [row(11, 't11'), row(10, 't10'), row(9, 't9')];
    expect(mergeNewest(shown, fresh, 4).map((r) => r.id)).toEqual([11, 10, 9, 8]);
  });
});
