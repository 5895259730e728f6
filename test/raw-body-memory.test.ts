import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldBodyBytes } from '../src/http/raw-body.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * Files and signed callbacks are read whole into memory, each up to its route's limit. Nothing
 * bounded how many at once: slow 5 MB uploads to the public report verification, which takes
 * anyone's, held 5 MB each for as long as the sender liked (60 of them grew the process by about
 * 230 MB), until the process ran out of memory. Now the process holds at most RAW_BODIES_MAX_KB
 * of them together; past it the sender is told to retry, and the platform stays up.
 */
const MB = 1024 * 1024;
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false', RAW_BODIES_MAX_KB: String(6 * 1024) });
});
afterAll(() => platform?.close());

const until = async (done: () => boolean) => {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
};
const verify = (bytes: number) =>
  platform.api('/api/v1/public/credit-reports/verifications', { body: Buffer.alloc(bytes, 0x25).toString('latin1'), headers: { 'content-type': 'application/pdf' } });

describe('raw bodies held in memory at once', () => {
  it('a slow upload holding most of the budget leaves no room for another: 503 with Retry-After, then room again once it ends', async () => {
    const port = new URL(platform.url).port;
    const slow: Socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => slow.once('connect', resolve));
    slow.write(`POST /api/v1/public/credit-reports/verifications HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/pdf\r\nContent-Length: ${5 * MB - 1}\r\n\r\n`);
    slow.write(Buffer.alloc(4 * MB, 0x25));
    await until(() => heldBodyBytes.bytes >= 4 * MB);

    const refused = await verify(3 * MB);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    expect(((await refused.json()) as { code: string }).code).toBe('UPLOADS_BUSY');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    slow.destroy();
    await until(() => heldBodyBytes.bytes === 0);
    const accepted = await verify(3 * MB);
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { match: boolean }).match).toBe(false);
  });
});
