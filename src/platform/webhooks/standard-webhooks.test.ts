import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './standard-webhooks.js';

const OLD = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NEW = `whsec_${Buffer.from('another-secret-of-32-bytes-long!').toString('base64')}`;
const now = new Date('2026-11-25T08:00:00Z');
const body = '{"type":"application.approved","data":{"amount":"500000.00"}}';

describe('Standard Webhooks signatures', () => {
  it('matches the scheme: HMAC-SHA256 of id.timestamp.body with the base64 secret', () => {
    const headers = signWebhook([OLD], 'msg_1', now, body);
    const expected = createHmac('sha256', Buffer.from(OLD.slice(6), 'base64'))
      .update(`msg_1.${Math.floor(now.getTime() / 1000)}.${body}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('accepts any matching secret during rotation', () => {
    const headers = signWebhook([NEW, OLD], 'msg_2', now, body);
    expect(verifyWebhook([OLD], headers, body, now)).toMatchObject({ ok: true, id: 'msg_2' });
    expect(verifyWebhook([NEW], headers, body, now)).toMatchObject({ ok: true });
  });

  it('rejects a changed body, a wrong secret, missing headers and a stale or future timestamp', () => {
    const headers = signWebhook([OLD], 'msg_3', now, body);
    expect(verifyWebhook([OLD], headers, `${body} `, now)).toMatchObject({ ok: false, reason: 'SIGNATURE_MISMATCH' });
    expect(verifyWebhook([NEW], headers, body, now)).toMatchObject({ ok: false, reason: 'SIGNATURE_MISMATCH' });
    expect(verifyWebhook([OLD], { 'webhook-id': 'x' }, body, now)).toMatchObject({ ok: false, reason: 'MISSING_HEADERS' });
    expect(verifyWebhook([OLD], headers, body, new Date(now.getTime() + 301_000))).toMatchObject({
      ok: false,
      reason: 'TIMESTAMP_OUT_OF_WINDOW',
    });
    expect(verifyWebhook([OLD], headers, body, new Date(now.getTime() - 301_000))).toMatchObject({
      ok: false,
      reason: 'TIMESTAMP_OUT_OF_WINDOW',
    });
  });

  it('says, for every refusal, which header is at fault and what it should hold', () => {
    const good = signWebhook([OLD], 'msg_4', now, body);
    const seconds = good['webhook-timestamp'];
    const refusals = [
      [{ ...good, 'webhook-id': undefined, 'webhook-signature': '' }, 'MISSING_HEADERS', ['webhook-id', 'webhook-signature']],
      [{ ...good, 'webhook-timestamp': now.toISOString() }, 'MISSING_HEADERS', ['webhook-timestamp', '秒']],
      [{ ...good, 'webhook-timestamp': `${seconds}000` }, 'TIMESTAMP_OUT_OF_WINDOW', ['webhook-timestamp', '毫秒']],
      [{ ...good, 'webhook-timestamp': String(Number(seconds) - 400) }, 'TIMESTAMP_OUT_OF_WINDOW', ['webhook-timestamp', '400 秒']],
      [{ ...good, 'webhook-signature': good['webhook-signature'].slice(3) }, 'SIGNATURE_MISMATCH', ['webhook-signature', 'v1,']],
      [{ ...good, 'webhook-id': 'msg_5' }, 'SIGNATURE_MISMATCH', ['webhook-signature', 'webhook-id.webhook-timestamp.原始请求体']],
    ] as const;
    for (const [headers, reason, named] of refusals) {
      const verified = verifyWebhook([OLD], headers, body, now);
      expect(verified).toMatchObject({ ok: false, reason });
      for (const words of named) expect(verified.ok ? '' : verified.detail, `${reason}: ${words}`).toContain(words);
    }
  });
});
