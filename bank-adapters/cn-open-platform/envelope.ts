import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { sm2Sign, sm2Verify, type Sm2KeyPair } from '../../src/platform/sm2.js';

/**
 * Protocol 2 — a Chinese bank open-platform envelope modelled on ICBC / CMB: form POST with
 * `app_id`, `msg_id`, `format`, `charset`, `timestamp` (yyyy-MM-dd HH:mm:ss, Asia/Shanghai),
 * `encrypt_type=SM4`, `biz_content` (SM4-CBC encrypted JSON), `sign_type=SM2` and `sign`
 * (GB/T 32918 SM3withSM2, Base64 DER) over `<path>?k1=v1&k2=v2…` (keys sorted, empty values and
 * `sign` left out, values raw). Responses are `{"response_biz_content":{…},"sign_type":"SM2","sign":"…"}`
 * with the signature over the raw `response_biz_content` text. Both the adapter and the
 * simulator build and check messages with these functions.
 *
 * biz_content is Base64 of IV ‖ SM4-CBC/PKCS7 ciphertext with a fresh random IV per message
 * (the public SDKs use a fixed IV; a random one avoids leaking equal plaintexts).
 */

const SHANGHAI = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

export function envelopeTimestamp(at: Date): string {
  return SHANGHAI.format(at);
}

/** Parses `yyyy-MM-dd HH:mm:ss` (Asia/Shanghai, UTC+8 all year). */
export function parseEnvelopeTimestamp(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function stringToSign(path: string, params: Readonly<Record<string, string | undefined>>): string {
  const pairs = Object.entries(params)
    .filter(([k, v]) => k !== 'sign' && v !== undefined && v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`);
  return `${path}?${pairs.join('&')}`;
}

export function encryptBiz(plain: unknown, keyHex: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('sm4-cbc', Buffer.from(keyHex, 'hex'), iv);
  return Buffer.concat([iv, cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]).toString('base64');
}

/** The JSON text of an encrypted `biz_content`. */
export function decryptBizText(encoded: string, keyHex: string): string {
  const raw = Buffer.from(encoded, 'base64');
  if (raw.length < 32) throw new Error('biz_content too short');
  const decipher = createDecipheriv('sm4-cbc', Buffer.from(keyHex, 'hex'), raw.subarray(0, 16));
  return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
}

export function decryptBiz(encoded: string, keyHex: string): unknown {
  return JSON.parse(decryptBizText(encoded, keyHex));
}

export interface EnvelopeFields {
  app_id: string;
  msg_id: string;
  format: 'json';
  charset: 'UTF-8';
  timestamp: string;
  encrypt_type: 'SM4';
  biz_content: string;
  sign_type: 'SM2';
  sign: string;
  [extra: string]: string;
}

/** A signed, encrypted request or notification. `extra` are further signed fields (e.g. `from`, `api`). */
export function buildEnvelope(
  path: string,
  biz: unknown,
  keys: { appId: string; sm4Key: string; signer: Sm2KeyPair },
  at: Date,
  extra: Record<string, string> = {},
  msgId: string = randomUUID().replace(/-/g, ''),
): EnvelopeFields {
  const unsigned = {
    ...extra,
    app_id: keys.appId,
    msg_id: msgId,
    format: 'json',
    charset: 'UTF-8',
    timestamp: envelopeTimestamp(at),
    encrypt_type: 'SM4',
    biz_content: encryptBiz(biz, keys.sm4Key),
    sign_type: 'SM2',
  } as const;
  return { ...unsigned, sign: sm2Sign(stringToSign(path, unsigned), keys.signer) } as EnvelopeFields;
}

export type EnvelopeCheck =
  | { ok: true; fields: Record<string, string>; biz: unknown; bizText: string; timestamp: Date }
  | {
      ok: false;
      reason: 'MISSING_FIELDS' | 'DUPLICATE_FIELDS' | 'WRONG_APP' | 'TIMESTAMP_OUT_OF_WINDOW' | 'SIGNATURE_MISMATCH' | 'UNSUPPORTED_ALGORITHM' | 'UNDECRYPTABLE';
      /** Which field is at fault and what it should hold, for the sender: the code alone left a bank guessing (UTC or ISO times read as a clock gap). */
      detail: string;
    }
  /** Signed and decrypted with the shared key, so verified: the sender's content is at fault, not its keys. */
  | { ok: false; reason: 'BIZ_NOT_JSON' };

const ENVELOPE_FIELDS = ['app_id', 'msg_id', 'timestamp', 'biz_content', 'sign_type', 'sign'] as const;

/** How far `timestamp` is from the receiver's clock, in words; a gap near 8 hours is a UTC time. */
function timestampDetail(text: string, at: Date | undefined, now: Date, windowSeconds: number): string {
  if (!at) return `timestamp 应为 yyyy-MM-dd HH:mm:ss（北京时间 UTC+8），收到“${text.slice(0, 40)}”`;
  const skew = Math.round(Math.abs(now.getTime() - at.getTime()) / 1000);
  const utc = Math.abs(skew - 8 * 3600) <= windowSeconds ? '；相差约 8 小时：请以北京时间（UTC+8）而非 UTC 填写' : '；请校准发送方时钟';
  return `timestamp 与平台时间相差 ${skew} 秒，超过 ${windowSeconds} 秒${utc}`;
}

/** Checks a received form envelope: fields, app id, time window, SM2 signature, then decrypts. */
export function openEnvelope(
  path: string,
  form: string,
  expect: { appId: string; sm4Key: string; signerPublicKey: string; now: Date; windowSeconds: number },
): EnvelopeCheck {
  const params = new URLSearchParams(form);
  // Object.fromEntries keeps the last of a repeated field; whoever else read the form may have kept the first.
  const names = [...params.keys()];
  const twice = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
  if (twice.length > 0) return { ok: false, reason: 'DUPLICATE_FIELDS', detail: `字段重复出现：${twice.join('、')}（每个字段只能出现一次）` };
  const fields = Object.fromEntries(params) as Record<string, string>;
  const missing = ENVELOPE_FIELDS.filter((name) => !fields[name]);
  if (missing.length > 0) return { ok: false, reason: 'MISSING_FIELDS', detail: `缺少字段：${missing.join('、')}` };
  if (fields.app_id !== expect.appId) return { ok: false, reason: 'WRONG_APP', detail: `app_id“${fields.app_id!.slice(0, 64)}”不是平台为本行登记的 appId` };
  if (fields.sign_type !== 'SM2' || (fields.encrypt_type && fields.encrypt_type !== 'SM4')) {
    return { ok: false, reason: 'UNSUPPORTED_ALGORITHM', detail: 'sign_type 应为 SM2，encrypt_type 应为 SM4（或不填）' };
  }
  const timestamp = parseEnvelopeTimestamp(fields.timestamp!);
  if (!timestamp || Math.abs(expect.now.getTime() - timestamp.getTime()) > expect.windowSeconds * 1000) {
    return { ok: false, reason: 'TIMESTAMP_OUT_OF_WINDOW', detail: timestampDetail(fields.timestamp!, timestamp, expect.now, expect.windowSeconds) };
  }
  if (!sm2Verify(stringToSign(path, fields), fields.sign!, expect.signerPublicKey)) {
    return {
      ok: false,
      reason: 'SIGNATURE_MISMATCH',
      detail: `sign 未通过本行 SM2 公钥验签：待签串为 ${path}? 加上除 sign 外所有非空字段按键名字节序排列的 key=value（取解码后的原值，以 & 连接），SM3withSM2、默认用户标识 1234567812345678、DER 编码后 Base64`,
    };
  }
  let bizText: string;
  try {
    bizText = decryptBizText(fields.biz_content!, expect.sm4Key);
  } catch {
    return { ok: false, reason: 'UNDECRYPTABLE', detail: 'biz_content 无法用本连接的 SM4 密钥解密：应为 Base64(16 字节 IV ‖ SM4-CBC 密文，PKCS#7 填充)' };
  }
  try {
    return { ok: true, fields, biz: JSON.parse(bizText), bizText, timestamp };
  } catch {
    return { ok: false, reason: 'BIZ_NOT_JSON' };
  }
}

/** `{"response_biz_content":<json>,"sign_type":"SM2","sign":"…"}`, signed over the raw JSON text of the biz part. */
export function signedResponse(biz: Record<string, unknown>, signer: Sm2KeyPair): string {
  const text = JSON.stringify(biz);
  return `{"response_biz_content":${text},"sign_type":"SM2","sign":${JSON.stringify(sm2Sign(text, signer))}}`;
}

/**
 * Verifies a signed response over the raw `response_biz_content` text exactly as received
 * (re-serialising could reorder keys and break the signature) and returns the parsed biz part.
 */
export function openSignedResponse(body: string, signerPublicKey: string): Record<string, unknown> | undefined {
  const prefix = '{"response_biz_content":';
  const marker = body.lastIndexOf(',"sign_type":');
  if (!body.startsWith(prefix) || marker < 0) return undefined;
  const raw = body.slice(prefix.length, marker);
  let tail: { sign?: unknown };
  try {
    tail = JSON.parse(`{${body.slice(marker + 1)}`) as { sign?: unknown };
  } catch {
    return undefined;
  }
  if (typeof tail.sign !== 'string' || !sm2Verify(raw, tail.sign, signerPublicKey)) return undefined;
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
