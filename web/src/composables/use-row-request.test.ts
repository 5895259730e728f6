import { describe, expect, it } from 'vitest';
import { useRowRequest } from './use-row-request';

/** A call whose answers the test releases by hand, in any order. */
function heldCalls() {
  const pending = new Map<string, () => void>();
  const call = (id: string, status: string) => new Promise<boolean>((resolve) => pending.set(`${id}:${status}`, () => resolve(true)));
  return { call, answer: (key: string) => pending.get(key)!() };
}

describe('useRowRequest', () => {
  it('spins only the button clicked, not the same button of the other rows', async () => {
    const held = heldCalls();
    const review = useRowRequest(held.call, ([id, status]) => `${id}:${status}`);
    const first = review.run('q1', 'published');
    expect(review.busy('q1:published')).toBe(true);
    expect(review.busy('q1:hidden')).toBe(false);
    expect(review.busy('q2:published')).toBe(false);
    held.answer('q1:published');
    expect(await first).toBe(true);
    expect(review.busy('q1:published')).toBe(false);
  });

  it('answers two rows acted on one after the other, both of which the platform did', async () => {
    const held = heldCalls();
    const review = useRowRequest(held.call, ([id, status]) => `${id}:${status}`);
    const first = review.run('q1', 'published');
    const second = review.run('q2', 'hidden');
    held.answer('q2:hidden');
    held.answer('q1:published');
    expect(await second).toBe(true);
    expect(await first).toBe(true);
  });
});
