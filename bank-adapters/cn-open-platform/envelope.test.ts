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
    expect(openEnvelope('/cb', tampered, expectFrom)).toEqual({ ok: false, reason: 'SIGNATURE_MISMATCH' });
    expect(openEnvelope('/other', new URLSearchParams(fields).toString(), expectFrom)).toEqual({ ok: false, reason: 'SIGNATURE_MISMATCH' });
    const later = { ...expectFrom, now: new Date(at.getTime() + 301_000) };
    expect(openEnvelope('/cb', new URLSearchParams(fields).toString(), later)).toEqual({ ok: false, reason: 'TIMESTAMP_OUT_OF_WINDOW' });
    const foreign = { ...expectFrom, signerPublicKey: generateSm2KeyPair().publicKey };
    expect(openEnvelope('/cb', new URLSearchParams(fields).toString(), foreign)).toEqual({ ok: false, reason: 'SIGNATURE_MISMATCH' });
  });

  it('refuses a field given twice, even when the signature covers the last of the two', () => {
    // URLSearchParams keeps the last value, another reader (a gateway, the bank's own log) the first.
    const first = buildEnvelope('/cb', { event_id: 'e1', app_status: '01' }, keys, at);
    const second = buildEnvelope('/cb', { event_id: 'e1', app_status: '10' }, keys, at, {}, first.msg_id);
    const form = `biz_content=${encodeURIComponent(first.biz_content)}&${new URLSearchParams(second).toString()}`;
    expect(openEnvelope('/cb', form, expectFrom)).toEqual({ ok: false, reason: 'DUPLICATE_FIELDS' });
  });

  it('verifies a response over the raw response_biz_content text', () => {
    const body = signedResponse({ return_code: 0, return_msg: 'success', msg_id: 'm1' }, bank);
    expect(openSignedResponse(body, bank.publicKey)).toEqual({ return_code: 0, return_msg: 'success', msg_id: 'm1' });
    expect(openSignedResponse(body.replace('"return_code":0', '"return_code":1'), bank.publicKey)).toBeUndefined();
  });
});
