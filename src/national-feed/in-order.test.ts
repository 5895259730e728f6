import { describe, expect, it } from 'vitest';
import { inOrder } from './in-order.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inOrder', () => {
  it('returns results in the items’ order whatever finishes first, never more than `parallel` at once', async () => {
    let running = 0;
    let most = 0;
    const out = await inOrder([30, 5, 20, 1], 2, async (ms) => {
      most = Math.max(most, ++running);
      await tick(ms);
      running--;
      return ms * 2;
    });
    expect(out).toEqual([60, 10, 40, 2]);
    expect(most).toBe(2);
  });

  it('throws only after the item still running has settled, and starts no new one', async () => {
    const settled: number[] = [];
    const run = inOrder([1, 2, 3, 4], 2, async (n) => {
      if (n === 1) throw new Error('source 1 failed');
      await tick(30);
      settled.push(n);
      return n;
    });
    await expect(run).rejects.toThrow('source 1 failed');
    expect(settled).toEqual([2]);
  });
});
