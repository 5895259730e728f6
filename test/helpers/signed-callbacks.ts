import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { buildEnvelope, stringToSign } from '../../bank-adapters/cn-open-platform/envelope.js';
import { generateSm2KeyPair, sm2Sign } from '../../src/platform/sm2.js';
import { signWebhook } from '../../src/platform/webhooks/standard-webhooks.js';
import { startTestPlatform, type TestPlatform } from './test-platform.js';

/**
 * The platform with two banks whose keys the test holds, one per wire protocol, so a test can
 * send correctly signed callbacks of any content. The banks' own URLs lead nowhere: submissions
 * stay in the outbox, which these tests do not need.
 */
export interface SignedCallbackPlatform {
  platform: TestPlatform;
  /** A json-webhooks callback (Standard Webhooks signature over `body`), `webhook-timestamp` `at` (default now). */
  jsonCallback(eventId: string, body: unknown, at?: Date): Promise<Response>;
  /** As `jsonCallback`, the body given as bytes and signed over those bytes (a body in another encoding than UTF-8). */
  jsonCallbackBytes(eventId: string, body: Buffer, at?: Date): Promise<Response>;
  /**
   * A cn-open-platform-sm notification with `biz` as the encrypted biz_content; a `RawBiz` is
   * encrypted as the very text given (for JSON that `JSON.stringify` cannot produce).
   */
  envelopeCallback(biz: unknown, at?: Date): Promise<Response>;
  close(): Promise<void>;
}

/** biz_content given as JSON text, encrypted byte for byte. */
export class RawBiz {
  constructor(readonly text: string) {}
}

export const JSON_BANK = 'CCB_HS';
export const ENVELOPE_BANK = 'ICBC_HS';

export async function startSignedCallbackPlatform(env: Record<string, string> = {}): Promise<SignedCallbackPlatform> {
  const platformKeys = generateSm2KeyPair();
  const bankKeys = generateSm2KeyPair();
  const webhookSecret = `whsec_${randomBytes(32).toString('base64')}`;
  const appId = 'XYDTEST0001';
  const sm4Key = randomBytes(16).toString('hex');
  const nowhere = 'http://127.0.0.1:9/bank';
  const platform = await startTestPlatform({
    BANK_ADAPTERS: JSON.stringify([
      { bankCode: JSON_BANK, adapter: 'json-webhooks', options: { baseUrl: nowhere, apiKey: 'k'.repeat(24), webhookSecrets: [webhookSecret], timeoutMs: 200 } },
      { bankCode: ENVELOPE_BANK, adapter: 'cn-open-platform-sm', options: { baseUrl: nowhere, appId, sm4Key, bankPublicKey: bankKeys.publicKey, timeoutMs: 200 } },
    ]),
    PLATFORM_SM2_PRIVATE_KEY: platformKeys.privateKey,
    PLATFORM_SM2_PUBLIC_KEY: platformKeys.publicKey,
    SCHEDULER_ENABLED: 'false',
    ...env,
  });
  return {
    platform,
    jsonCallback(eventId, body, at = new Date()) {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      return platform.api(`/api/v1/callbacks/banks/${JSON_BANK}`, { body: raw, headers: { ...signWebhook([webhookSecret], eventId, at, raw) } });
    },
    jsonCallbackBytes(eventId, body, at = new Date()) {
      const timestamp = String(Math.floor(at.getTime() / 1000));
      const key = Buffer.from(webhookSecret.slice('whsec_'.length), 'base64');
      const signature = createHmac('sha256', key).update(Buffer.concat([Buffer.from(`${eventId}.${timestamp}.`), body])).digest('base64');
      return fetch(`${platform.url}/api/v1/callbacks/banks/${JSON_BANK}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': eventId, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` },
        body: new Blob([new Uint8Array(body)]),
      });
    },
    envelopeCallback(biz, at = new Date()) {
      const path = `/api/v1/callbacks/banks/${ENVELOPE_BANK}`;
      const envelope = buildEnvelope(path, biz, { appId, sm4Key, signer: bankKeys }, at, { from: 'bank', api: '/notify/xyd/loan/status/V1' });
      if (biz instanceof RawBiz) {
        const iv = randomBytes(16);
        const cipher = createCipheriv('sm4-cbc', Buffer.from(sm4Key, 'hex'), iv);
        envelope.biz_content = Buffer.concat([iv, cipher.update(biz.text, 'utf8'), cipher.final()]).toString('base64');
        const { sign: _, ...unsigned } = envelope;
        envelope.sign = sm2Sign(stringToSign(path, unsigned), bankKeys);
      }
      return platform.api(path, {
        body: new URLSearchParams(envelope).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      });
    },
    close: () => platform.close(),
  };
}
