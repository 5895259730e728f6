import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldBodyBytes } from '../src/http/raw-body.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * Files and signed callbacks are read whole into memory, each up to its route's limit. Nothing
 * bounded how many at once: slow 5 MB uploads to the public report verification, which takes
 * anyone's, held 5 MB each for as long as the sender liked (60 of them grew the process by about
 * 230 MB), until the process ran out of memory. Now the process holds at most RAW_BODIES_MAX_KB
 * of them together, and one client address at most RAW_BODIES_MAX_KB_PER_ADDRESS of that; past
 * either the sender is told to retry, and the platform stays up.
 */
const MB = 1024 * 1024;
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({
    SCHEDULER_ENABLED: 'false',
    TRUST_PROXY: 'true',
    RAW_BODIES_MAX_KB: String(10 * 1024),
    RAW_BODIES_MAX_KB_PER_ADDRESS: String(6 * 1024),
    BODY_LIMIT_KB: String(4 * 1024),
  });
});
afterAll(() => platform?.close());

const until = async (done: () => boolean) => {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
};
const verify = (bytes: number, from: string) =>
  platform.api('/api/v1/public/credit-reports/verifications', {
    body: Buffer.alloc(bytes, 0x25).toString('latin1'),
    headers: { 'content-type': 'application/pdf', 'x-forwarded-for': from },
  });
/** A verification from `from` that sends 4 MB of its 5 MB and waits. */
async function slowUpload(from: string): Promise<Socket> {
  const slow: Socket = connect(Number(new URL(platform.url).port), '127.0.0.1');
  await new Promise((resolve) => slow.once('connect', resolve));
  slow.write(
    `POST /api/v1/public/credit-reports/verifications HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: ${from}\r\nContent-Type: application/pdf\r\nContent-Length: ${5 * MB - 1}\r\n\r\n`,
  );
  slow.write(Buffer.alloc(4 * MB, 0x25));
  return slow;
}

/** A login (no credential needed) from `from` whose JSON body declares 4 MB, sends 3 MB of it and waits. */
async function slowJson(from: string): Promise<Socket> {
  const slow: Socket = connect(Number(new URL(platform.url).port), '127.0.0.1');
  await new Promise((resolve) => slow.once('connect', resolve));
  slow.write(`POST /api/v1/auth/token HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: ${from}\r\nContent-Type: application/json\r\nContent-Length: ${4 * MB}\r\n\r\n`);
  slow.write(`{"username":"${'a'.repeat(3 * MB)}`);
  return slow;
}

describe('raw bodies held in memory at once', () => {
  it('slow uploads holding most of the budget leave no room for another: 503 with Retry-After, then room again once they end', async () => {
    const slow = [await slowUpload('198.51.100.1'), await slowUpload('198.51.100.2')];
    await until(() => heldBodyBytes.bytes >= 8 * MB);

    const refused = await verify(3 * MB, '198.51.100.3');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    expect(((await refused.json()) as { code: string }).code).toBe('UPLOADS_BUSY');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    for (const socket of slow) socket.destroy();
    await until(() => heldBodyBytes.bytes === 0);
    const accepted = await verify(3 * MB, '198.51.100.3');
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { match: boolean }).match).toBe(false);
  });

  it('one sender holds at most its share: its next upload is refused while others still have room', async () => {
    // Before, one address could hold the whole budget: a dozen slow uploads made every other read
    // of the process (the banks' signed callbacks among them) answer 503.
    const slow = await slowUpload('203.0.113.50');
    await until(() => heldBodyBytes.bytes >= 4 * MB);
    const again = await verify(3 * MB, '203.0.113.50');
    expect(again.status).toBe(503);
    expect(((await again.json()) as { code: string }).code).toBe('UPLOADS_BUSY');
    expect((await verify(3 * MB, '203.0.113.51')).status).toBe(200);
    slow.destroy();
    await until(() => heldBodyBytes.bytes === 0);
  });

  it("a JSON body the parser reads counts as well: a stranger's slow logins hold only its share", async () => {
    // Before, the body parser's reads were counted nowhere: a thousand slow 250 kB logins from one
    // address grew the process by about 265 MB and were all read.
    const slow = await slowJson('192.0.2.77');
    await until(() => heldBodyBytes.bytes >= 4 * MB);
    const again = await verify(3 * MB, '192.0.2.77');
    expect(again.status).toBe(503);
    expect(((await again.json()) as { code: string }).code).toBe('UPLOADS_BUSY');
    const secondLogin = await platform.api('/api/v1/auth/token', {
      body: JSON.stringify({ username: 'a'.repeat(3 * MB), password: 'x' }),
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.77' },
    });
    expect(secondLogin.status).toBe(503);
    expect((await verify(3 * MB, '192.0.2.78')).status).toBe(200);
    slow.destroy();
    await until(() => heldBodyBytes.bytes === 0);
    expect((await platform.api('/api/v1/auth/token', { body: { username: 'nobody_here', password: 'Wrong#2026pass' }, headers: { 'x-forwarded-for': '192.0.2.77' } })).status).toBe(401);
  });
});
