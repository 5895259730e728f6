import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSm2KeyPair, sm2Sign } from '../src/platform/sm2.js';
import { JSON_BANK, startSignedCallbackPlatform, type SignedCallbackPlatform } from './helpers/signed-callbacks.js';

// Banks' callbacks and the registry's notices are open to anyone, and checking an SM3withSM2
// signature costs the event loop about 30 ms: one client posting forged ones took the instance.

const LIMIT = 3;
let env: SignedCallbackPlatform;
beforeAll(async () => {
  env = await startSignedCallbackPlatform({ TRUST_PROXY: 'true', SIGNATURE_FAILURES_MAX_PER_ADDRESS: String(LIMIT), SIGNATURE_FAILURES_WINDOW_SECONDS: '60' });
});
afterAll(() => env?.close());

const from = (ip: string) => ({ 'x-forwarded-for': ip });
const forgedCallback = (ip: string) =>
  env.platform.api(`/api/v1/callbacks/banks/${JSON_BANK}`, {
    body: '{"n":1}',
    headers: { ...from(ip), 'webhook-id': 'evt_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
  });
const forgedNotice = (ip: string, n: number) =>
  env.platform.api('/api/v1/callbacks/real-estate-registry', {
    body: '{"type":"business"}',
    headers: {
      ...from(ip),
      'x-registry-notice-id': `forged-notice-${n}`,
      'x-registry-timestamp': String(Math.floor(Date.now() / 1000)),
      // Well formed, by another key: the check runs to its end, the costly case.
      'x-registry-signature': sm2Sign('something else', generateSm2KeyPair()),
    },
  });

describe('refused signatures per client address', () => {
  it('answers an address whose signatures keep failing 429 before checking them; other addresses and the banks are checked as before', async () => {
    const attacker = '203.0.113.77';
    const statuses = [];
    for (let i = 0; i < LIMIT; i++) statuses.push(i % 2 === 0 ? (await forgedCallback(attacker)).status : (await forgedNotice(attacker, i)).status);
    expect(statuses).toEqual([401, 401, 401]);

    for (const refused of [await forgedCallback(attacker), await forgedNotice(attacker, 9)]) {
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await refused.json()).toMatchObject({ code: 'SIGNATURE_FAILURES_RATE_LIMITED' });
    }

    expect((await forgedNotice('203.0.113.78', 10)).status).toBe(401);
    // The bank, from its own address, signing rightly: judged on its content as before.
    const bank = await env.jsonCallback('evt_after_the_flood', { not: 'an event' });
    expect([400, 422]).toContain(bank.status);
  });
});
