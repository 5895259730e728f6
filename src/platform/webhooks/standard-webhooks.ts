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
  /** `detail`: which header is at fault and how, so the sender can fix it (the code alone cannot say). */
  | { ok: false; reason: 'MISSING_HEADERS' | 'TIMESTAMP_OUT_OF_WINDOW' | 'SIGNATURE_MISMATCH'; detail: string };

const HEADER_NAMES = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

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
  const missing = HEADER_NAMES.filter((name) => !headers[name]);
  if (missing.length > 0) return { ok: false, reason: 'MISSING_HEADERS', detail: `缺少请求头：${missing.join('、')}` };
  const id = headers['webhook-id']!;
  const ts = headers['webhook-timestamp']!;
  const sigs = headers['webhook-signature']!;
  if (!/^\d+$/.test(ts)) return { ok: false, reason: 'MISSING_HEADERS', detail: 'webhook-timestamp 应为 Unix 时间（秒，十进制整数）' };
  const timestamp = Number(ts);
  const skew = Math.round(Math.abs(now.getTime() / 1000 - timestamp));
  if (skew > toleranceSeconds) {
    const unit = timestamp > now.getTime() / 10 ? '，应为秒而不是毫秒' : '';
    return { ok: false, reason: 'TIMESTAMP_OUT_OF_WINDOW', detail: `webhook-timestamp 与平台时间相差 ${skew} 秒，超过 ${toleranceSeconds} 秒${unit}` };
  }
  const entries = sigs.split(' ').filter((s) => s.startsWith('v1,'));
  if (entries.length === 0) return { ok: false, reason: 'SIGNATURE_MISMATCH', detail: 'webhook-signature 中没有 v1,<Base64> 形式的签名' };
  const offered = entries.map((s) => Buffer.from(s.slice(3), 'base64'));
  for (const secret of secrets) {
    const expected = Buffer.from(signature(secret, id, timestamp, body), 'base64');
    if (offered.some((o) => o.length === expected.length && timingSafeEqual(o, expected))) {
      return { ok: true, id, timestamp: new Date(timestamp * 1000) };
    }
  }
  return {
    ok: false,
    reason: 'SIGNATURE_MISMATCH',
    detail: 'webhook-signature 与当前 webhook 密钥算出的签名不符：签名内容为 webhook-id.webhook-timestamp.原始请求体，密钥为 whsec_ 之后部分的 Base64 解码',
  };
}
