import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENVELOPE_BANK, JSON_BANK, startSignedCallbackPlatform, type SignedCallbackPlatform } from './helpers/signed-callbacks.js';

/**
 * The bank callback endpoint takes anyone's request, and each refused one was kept in
 * `bank_callback_rejections`: whoever knew a bank code could grow the table without end. Past the
 * limit a refusal is answered exactly as before and not kept.
 */
const LIMIT = 3;
let env: SignedCallbackPlatform;
beforeAll(async () => {
  env = await startSignedCallbackPlatform({ BANK_CALLBACK_REJECTIONS_MAX_PER_BANK: String(LIMIT), BANK_CALLBACK_REJECTIONS_WINDOW_SECONDS: '600' });
});
afterAll(() => env?.close());

const kept = async (bankCode: string) =>
  Number((await env.platform.database.knex('bank_callback_rejections').where({ bank_code: bankCode }).count({ n: '*' }).first())?.n);

const forged = (bankCode: string, body: string, headers: Record<string, string>) =>
  env.platform.api(`/api/v1/callbacks/banks/${bankCode}`, { body, headers });

describe('refused bank callbacks past the limit', () => {
  it('are refused alike and not kept; another bank’s refusals are its own', async () => {
    const unsigned = { 'webhook-id': 'evt_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' };
    for (let i = 0; i < LIMIT + 3; i++) {
      const res = await forged(JSON_BANK, `{"n":${i}}`, unsigned);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ received: false, error: 'SIGNATURE_MISMATCH' });
    }
    expect(await kept(JSON_BANK)).toBe(LIMIT);
    const envelope = await forged(ENVELOPE_BANK, 'app_id=nobody', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(envelope.status).toBe(401);
    expect(await kept(ENVELOPE_BANK)).toBe(1);
  });
});
