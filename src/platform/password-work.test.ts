import { describe, expect, it } from 'vitest';
import { gatedPasswordWork } from './password-work.js';

describe('gatedPasswordWork', () => {
  it('runs at most maxActive hashes at once, queues a bounded number, and refuses the rest with 503', async () => {
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const slow = () =>
      new Promise<boolean>((resolve) => {
        running++;
        most = Math.max(most, running);
        releases.push(() => {
          running--;
          resolve(true);
        });
      });
    const { verifyPassword, hashPassword } = gatedPasswordWork(async () => (await slow(), 'hash'), slow, { maxActive: 2, maxQueued: 1 });
    const first = [verifyPassword('a', 'h'), hashPassword('b'), verifyPassword('c', 'h')];
    // Before, every check ran at once, each taking a worker thread.
    await expect(verifyPassword('d', 'h')).rejects.toMatchObject({ kind: 'unavailable', code: 'PASSWORD_CHECKS_BUSY', extensions: { retryAfterSeconds: 2 } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(running).toBe(2);
    while (releases.length) {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(first)).toEqual([true, 'hash', true]);
    expect(most).toBe(2);
  });
});
