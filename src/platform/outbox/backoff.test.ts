import { describe, expect, it } from 'vitest';
import { ABOUT_A_DAY_OF_ATTEMPTS, backoffDelayMs, DEFAULT_BACKOFF } from './backoff.js';

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

  it(`gives ${ABOUT_A_DAY_OF_ATTEMPTS} attempts about a day of waiting, on average`, () => {
    let ceilings = 0;
    for (let attempt = 1; attempt < ABOUT_A_DAY_OF_ATTEMPTS; attempt++) ceilings += backoffDelayMs(attempt, DEFAULT_BACKOFF, () => 0.999999);
    const meanHours = ceilings / 2 / 3_600_000;
    expect(meanHours).toBeGreaterThan(20);
    expect(meanHours).toBeLessThan(30);
  });
});
