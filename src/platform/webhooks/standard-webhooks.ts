import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks (standardwebhooks.com) signing: HMAC-SHA256 over `${id}.${timestamp}.${body}`
 * with the secret `whsec_<base64>`; header `webhook-signature` holds space-separated `v1,<base64>`
 * entries, so a sender can sign with old and new secrets during key rotation.
 */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export const DEFAULT_TOLERANCE_SECONDS = 300;

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

function signature(secret: string, id: string, timestamp: number, body: string): string {
  return createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
}

/** Headers for one delivery, signed with every secret given (current first). */
export function signWebhook(secrets: readonly string[], id: string, timestamp: Date, body: string): WebhookHeaders {
  const ts = Math.floor(timestamp.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': secrets.map((s) => `v1,${signature(s, id, ts, body)}`).join(' '),
  };
}

export type WebhookVerification =
  | { ok: true; id: string; timestamp: Date }
  | { ok: false; reason: 'MISSING_HEADERS' | 'TIMESTAMP_OUT_OF_WINDOW' | 'SIGNATURE_MISMATCH' };

/**
 * Accepts when any `v1` signature matches any of `secrets` and the timestamp is within
 * `toleranceSeconds` of `now` (both directions: replay and clock skew).
 */
export function verifyWebhook(
  secrets: readonly string[],
  headers: Partial<Record<keyof WebhookHeaders, string | undefined>>,
  body: string,
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): WebhookVerification {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sigs = headers['webhook-signature'];
  if (!id || !ts || !sigs || !/^\d+$/.test(ts)) return { ok: false, reason: 'MISSING_HEADERS' };
  const timestamp = Number(ts);
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: 'TIMESTAMP_OUT_OF_WINDOW' };
  const offered = sigs
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  for (const secret of secrets) {
    const expected = Buffer.from(signature(secret, id, timestamp, body), 'base64');
    if (offered.some((o) => o.length === expected.length && timingSafeEqual(o, expected))) {
      return { ok: true, id, timestamp: new Date(timestamp * 1000) };
    }
  }
  return { ok: false, reason: 'SIGNATURE_MISMATCH' };
}
