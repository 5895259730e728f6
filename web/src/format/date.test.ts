import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './date';

describe('dates', () => {
  it('shows business dates as they are and timestamps in Asia/Shanghai', () => {
    expect(formatDate('2026-01-31')).toBe('2026-01-31');
    expect(formatDate('2026-01-31T16:30:00.000Z')).toBe('2026-02-01');
    expect(formatDateTime('2026-01-31T16:30:00.000Z')).toBe('2026-02-01 00:30');
  });
});
