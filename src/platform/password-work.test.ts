import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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

describe('the OpenAPI document', () => {
  // The operations whose handling hashes or checks a password (AuthService, registration,
  // 忘记密码, an invitation accepted, 添加员工's temporary password): each can meet the gate's 503.
  const hashing = ['login', 'changePassword', 'registerEnterprise', 'resetPassword', 'acceptInvitation', 'addEnterpriseStaff'];
  const spec = parse(readFileSync(new URL('../../specs/dist/openapi.bundle.yaml', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, { description?: string; $ref?: string }> }>>;
    components: { responses: Record<string, { description: string }> };
  };
  const described = (response: { description?: string; $ref?: string } | undefined) =>
    response?.$ref ? spec.components.responses[response.$ref.split('/').pop()!]?.description : response?.description;
  const operations = new Map(Object.values(spec.paths).flatMap((item) => Object.values(item).map((op) => [op.operationId, op] as const)));

  it('declares 503 PASSWORD_CHECKS_BUSY on every operation that hashes or checks a password', () => {
    for (const id of hashing) {
      expect(operations.has(id), id).toBe(true);
      expect(described(operations.get(id)!.responses?.['503']) ?? '', id).toContain('PASSWORD_CHECKS_BUSY');
    }
  });
});
