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

  it('generates key pairs whose public key belongs to the private key', () => {
    for (let i = 0; i < 10; i++) {
      const pair = generateSm2KeyPair();
      expect(pair.privateKey).toMatch(/^[0-9a-f]{64}$/);
      expect(pair.publicKey).toMatch(/^04[0-9a-f]{128}$/);
      // Signed by sm-crypto from the private key alone (it derives the public key for Z_A itself).
      const hex = smCrypto.sm2.doSignature(`第${i}次`, pair.privateKey, { hash: true, der: true });
      expect(sm2Verify(`第${i}次`, Buffer.from(hex, 'hex').toString('base64'), pair.publicKey)).toBe(true);
    }
  });
});
