import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSm2KeyPair, sm2Sign } from '../src/platform/sm2.js';
import { JSON_BANK, startSignedCallbackPlatform, type SignedCallbackPlatform } from './helpers/signed-callbacks.js';

// Banks' callbacks and the registry's notices are open to anyone, and checking an SM3withSM2
// signature costs the event loop about 30 ms: one client posting forged ones took the instance.

const LIMIT = 3;
const CLAIM_LIMIT = 6;
let env: SignedCallbackPlatform;
beforeAll(async () => {
  env = await startSignedCallbackPlatform({
    TRUST_PROXY: 'true',
    SIGNATURE_FAILURES_MAX_PER_ADDRESS: String(LIMIT),
    SIGNATURE_FAILURES_MAX_PER_CLAIM: String(CLAIM_LIMIT),
    SIGNATURE_FAILURES_WINDOW_SECONDS: '60',
  });
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

describe('refused signatures per claimed sender', () => {
  it('bounds forgeries of one bank spread over many addresses, and still checks the bank from the address it signed from', async () => {
    // The bank signs a report of an application the platform does not know: refused on content
    // (422), but its signature held, so its address is proven for its path.
    const report = { type: 'loan_application.status_changed', timestamp: new Date().toISOString(), data: { applicationId: randomUUID(), bankReference: 'B-1', status: 'IN_REVIEW' } };
    expect((await env.jsonCallback('evt_known_address', report)).status).toBe(422);

    // One forgery from each of many addresses, each well within its own limit.
    const statuses: number[] = [];
    for (let i = 0; i < CLAIM_LIMIT + 4; i++) statuses.push((await forgedCallback(`198.51.100.${i + 1}`)).status);
    const firstRefused = statuses.indexOf(429);
    // Before, every one was checked (401): ten addresses made ten SM2-priced checks of one bank's path.
    expect(firstRefused).toBeGreaterThan(0);
    expect(firstRefused).toBeLessThanOrEqual(CLAIM_LIMIT);
    expect(statuses.slice(firstRefused).every((status) => status === 429)).toBe(true);
    const held = await forgedCallback('198.51.100.200');
    expect(held.status).toBe(429);
    expect(await held.json()).toMatchObject({ code: 'SIGNATURE_FAILURES_RATE_LIMITED' });

    // The real bank, from its address, is checked and its report applied as before.
    expect((await env.jsonCallback('evt_during_the_flood', { ...report, timestamp: new Date().toISOString() })).status).toBe(422);
    // The registry, another claimed sender, is not held back by the bank's forgers.
    expect((await forgedNotice('198.51.100.201', 99)).status).toBe(401);
  });
});
