import { describe, expect, it } from 'vitest';
import { BoundedConcurrency } from './bounded-concurrency.js';

/** A task that runs until the test releases it. */
function held() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  const started = { value: false };
  return { task: async () => ((started.value = true), await done, 'ok'), release, started };
}

describe('BoundedConcurrency', () => {
  it('runs one at a time, queues the next in order, and refuses past the queue', async () => {
    const limit = new BoundedConcurrency({ maxActive: 1, maxQueued: 2 }, () => new Error('busy'));
    const [a, b, c] = [held(), held(), held()];
    const runs = [limit.run(a.task), limit.run(b.task), limit.run(c.task)];
    await expect(limit.run(held().task)).rejects.toThrow('busy');
    await Promise.resolve();
    expect([a.started.value, b.started.value, c.started.value]).toEqual([true, false, false]);
    a.release();
    await runs[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect([b.started.value, c.started.value]).toEqual([true, false]);
    b.release();
    c.release();
    expect(await Promise.all(runs)).toEqual(['ok', 'ok', 'ok']);
  });

  it('frees the slot when a task fails', async () => {
    const limit = new BoundedConcurrency({ maxActive: 1, maxQueued: 0 }, () => new Error('busy'));
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit.run(async () => 'next')).toBe('next');
  });
});
