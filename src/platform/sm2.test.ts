import { describe, expect, it } from 'vitest';
import smCrypto from 'sm-crypto';
import { generateSm2KeyPair, sm2Sign, sm2Verify } from './sm2.js';

describe('SM2 signatures', () => {
  const keys = generateSm2KeyPair();

  it('verifies its own signature and rejects a changed message or another key', () => {
    const signature = sm2Sign('app_id=1&biz_content={"a":1}', keys);
    expect(sm2Verify('app_id=1&biz_content={"a":1}', signature, keys.publicKey)).toBe(true);
    expect(sm2Verify('app_id=1&biz_content={"a":2}', signature, keys.publicKey)).toBe(false);
    expect(sm2Verify('app_id=1&biz_content={"a":1}', signature, generateSm2KeyPair().publicKey)).toBe(false);
    expect(sm2Verify('app_id=1', 'not-base64-der', keys.publicKey)).toBe(false);
  });

  it('interoperates with a plain sm-crypto SM3withSM2 (hash: true, DER) signature', () => {
    const hex = smCrypto.sm2.doSignature('对账', keys.privateKey, { hash: true, der: true });
    expect(sm2Verify('对账', Buffer.from(hex, 'hex').toString('base64'), keys.publicKey)).toBe(true);
    const ours = Buffer.from(sm2Sign('对账', keys), 'base64').toString('hex');
    expect(smCrypto.sm2.doVerifySignature('对账', ours, keys.publicKey, { hash: true, der: true })).toBe(true);
  });
});
