import { describe, expect, it } from 'vitest';
import { generateSm2KeyPair } from '../../src/platform/sm2.js';
import { buildEnvelope, envelopeTimestamp, openEnvelope, openSignedResponse, signedResponse, stringToSign } from './envelope.js';

const bank = generateSm2KeyPair();
const keys = { appId: 'XYDTEST01', sm4Key: '00112233445566778899aabbccddeeff', signer: bank };
const at = new Date('2026-11-25T02:03:04Z');
const expectFrom = { appId: 'XYDTEST01', sm4Key: keys.sm4Key, signerPublicKey: bank.publicKey, now: at, windowSeconds: 300 };

describe('open-platform envelope', () => {
  it('formats the timestamp in Asia/Shanghai', () => {
    expect(envelopeTimestamp(at)).toBe('2026-11-25 10:03:04');
  });

  it('signs sorted non-empty fields after the path, without sign', () => {
    expect(stringToSign('/api/x', { b: '2', a: '1', empty: '', sign: 'zzz' })).toBe('/api/x?a=1&b=2');
  });

  it('round-trips an encrypted, signed notification', () => {
    const form = new URLSearchParams(buildEnvelope('/cb', { event_id: 'e1', amt: '1.00' }, keys, at, { from: 'bank' })).toString();
    const opened = openEnvelope('/cb', form, expectFrom);
    expect(opened).toMatchObject({ ok: true, biz: { event_id: 'e1', amt: '1.00' } });
  });

  it('refuses a tampered field, another path, a stale timestamp or a foreign key', () => {
    const fields = buildEnvelope('/cb', { event_id: 'e1' }, keys, at);
    const tampered = new URLSearchParams({ ...fields, format: 'xml' }).toString();
    expect(openEnvelope('/cb', tampered, expectFrom)).toMatchObject({ ok: false, reason: 'SIGNATURE_MISMATCH', detail: expect.stringContaining('/cb?') });
    expect(openEnvelope('/other', new URLSearchParams(fields).toString(), expectFrom)).toMatchObject({ ok: false, reason: 'SIGNATURE_MISMATCH' });
    const later = { ...expectFrom, now: new Date(at.getTime() + 301_000) };
    expect(openEnvelope('/cb', new URLSearchParams(fields).toString(), later)).toMatchObject({
      ok: false,
      reason: 'TIMESTAMP_OUT_OF_WINDOW',
      detail: 'timestamp 与平台时间相差 301 秒，超过 300 秒；请校准发送方时钟',
    });
    const foreign = { ...expectFrom, signerPublicKey: generateSm2KeyPair().publicKey };
    expect(openEnvelope('/cb', new URLSearchParams(fields).toString(), foreign)).toMatchObject({ ok: false, reason: 'SIGNATURE_MISMATCH' });
  });

  it('says which field is wrong and how, so the bank need not guess from the code', () => {
    const fields = buildEnvelope('/cb', { event_id: 'e1' }, keys, at);
    const open = (changed: Record<string, string>, now = at) => openEnvelope('/cb', new URLSearchParams({ ...fields, ...changed }).toString(), { ...expectFrom, now });
    // A UTC time where Beijing time is due: eight hours off.
    expect(open({}, new Date(at.getTime() + 8 * 3_600_000))).toMatchObject({ reason: 'TIMESTAMP_OUT_OF_WINDOW', detail: expect.stringContaining('约 8 小时') });
    // Another format (ISO 8601, milliseconds) is named as such, with the format due.
    for (const text of ['2026-11-25T10:03:04+08:00', '2026-11-25 10:03:04.000', '1796436000']) {
      expect(open({ timestamp: text })).toMatchObject({ reason: 'TIMESTAMP_OUT_OF_WINDOW', detail: expect.stringContaining('yyyy-MM-dd HH:mm:ss（北京时间 UTC+8），收到') });
    }
    expect(open({ sign_type: 'RSA2' })).toMatchObject({ reason: 'UNSUPPORTED_ALGORITHM', detail: expect.stringContaining('SM2') });
    expect(open({ app_id: 'OTHER01' })).toMatchObject({ reason: 'WRONG_APP', detail: expect.stringContaining('OTHER01') });
    const { msg_id: _msg, sign: _sign, ...unsigned } = fields;
    expect(openEnvelope('/cb', new URLSearchParams(unsigned).toString(), expectFrom)).toMatchObject({ reason: 'MISSING_FIELDS', detail: '缺少字段：msg_id、sign' });
  });

  it('refuses a field given twice, even when the signature covers the last of the two', () => {
    // URLSearchParams keeps the last value, another reader (a gateway, the bank's own log) the first.
    const first = buildEnvelope('/cb', { event_id: 'e1', app_status: '01' }, keys, at);
    const second = buildEnvelope('/cb', { event_id: 'e1', app_status: '10' }, keys, at, {}, first.msg_id);
    const form = `biz_content=${encodeURIComponent(first.biz_content)}&${new URLSearchParams(second).toString()}`;
    expect(openEnvelope('/cb', form, expectFrom)).toEqual({ ok: false, reason: 'DUPLICATE_FIELDS', detail: '字段重复出现：biz_content（每个字段只能出现一次）' });
  });

  it('verifies a response over the raw response_biz_content text', () => {
    const body = signedResponse({ return_code: 0, return_msg: 'success', msg_id: 'm1' }, bank);
    expect(openSignedResponse(body, bank.publicKey)).toEqual({ return_code: 0, return_msg: 'success', msg_id: 'm1' });
    expect(openSignedResponse(body.replace('"return_code":0', '"return_code":1'), bank.publicKey)).toBeUndefined();
  });
});
