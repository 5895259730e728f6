import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';

describe('backoffDelayMs', () => {
  const policy = { baseMs: 1_000, capMs: 60_000 };

  it('doubles the ceiling with each attempt', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, policy, () => 0.999999))).toEqual([999, 1999, 3999, 7999]);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelayMs(30, policy, () => 0.999999)).toBe(59_999);
  });

  it('spreads retries over the whole window (full jitter)', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(2_000);
  });
});
