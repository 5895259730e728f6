import { sm2Sign, sm2Verify, type Sm2KeyPair } from '../platform/sm2.js';

/**
 * How the 不动产登记中心 signs the notices it posts to the platform: SM3withSM2 over
 * `<notice id>.<unix seconds>.<raw body>` with the registry's key, the platform holding its public
 * key. The id makes a repeat recognisable; the timestamp, checked within a tolerance, makes an old
 * notice unusable by anyone who captured it.
 */
export const REGISTRY_HEADERS = { id: 'x-registry-notice-id', timestamp: 'x-registry-timestamp', signature: 'x-registry-signature' } as const;
export const REGISTRY_TOLERANCE_SECONDS = 300;
const NOTICE_ID = /^[A-Za-z0-9_-]{8,64}$/;

const signed = (id: string, timestamp: string, body: string) => `${id}.${timestamp}.${body}`;

export function signRegistryNotice(keys: Sm2KeyPair, id: string, at: Date, body: string): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { [REGISTRY_HEADERS.id]: id, [REGISTRY_HEADERS.timestamp]: timestamp, [REGISTRY_HEADERS.signature]: sm2Sign(signed(id, timestamp, body), keys) };
}

export type RegistryVerification = { ok: true; id: string } | { ok: false; reason: string };

export function verifyRegistryNotice(publicKey: string, headers: Record<string, string | undefined>, body: string, now: Date): RegistryVerification {
  const id = headers[REGISTRY_HEADERS.id] ?? '';
  const timestamp = headers[REGISTRY_HEADERS.timestamp] ?? '';
  const signature = headers[REGISTRY_HEADERS.signature] ?? '';
  if (!NOTICE_ID.test(id) || !/^\d{1,12}$/.test(timestamp) || !signature) return { ok: false, reason: '缺少通知编号、时间戳或签名' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > REGISTRY_TOLERANCE_SECONDS) return { ok: false, reason: '通知时间戳超出允许范围' };
  if (!sm2Verify(signed(id, timestamp, body), signature, publicKey)) return { ok: false, reason: '签名校验失败' };
  return { ok: true, id };
}
