import { describe, expect, it } from 'vitest';
import type { DomainError } from './errors.js';
import { assertWithinSlidingWindow } from './sliding-window-limit.js';

const refusal = { code: 'TOO_MANY', message: '太多了' };
const now = new Date('2026-12-07T10:00:00Z');

describe('assertWithinSlidingWindow', () => {
  it('asks for the max-th newest event within the window, and passes when there is none', async () => {
    const asked: [number, string][] = [];
    await assertWithinSlidingWindow({ max: 3, windowSeconds: 60 }, now, async (n, since) => (asked.push([n, since.toISOString()]), undefined), refusal);
    expect(asked).toEqual([[3, '2026-12-07T09:59:00.000Z']]);
  });

  it('refuses with the seconds until that event leaves the window, at least one', async () => {
    const refused = (at: string) =>
      assertWithinSlidingWindow({ max: 3, windowSeconds: 60 }, now, async () => new Date(at), refusal).catch((e: unknown) => e as DomainError);
    expect(await refused('2026-12-07T09:59:30.200Z')).toMatchObject({ kind: 'rate_limited', code: 'TOO_MANY', extensions: { retryAfterSeconds: 31 } });
    expect(await refused('2026-12-07T09:59:00.001Z')).toMatchObject({ extensions: { retryAfterSeconds: 1 } });
  });
});
