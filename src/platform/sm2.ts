import { generateKeyPairSync } from 'node:crypto';
import smCrypto from 'sm-crypto';

/**
 * GB/T 32918 SM3withSM2 signatures through sm-crypto (`hash: true`: e = SM3(Z_A ‖ msg), default
 * user id 1234567812345678). Node's own `sign('sm3')` on an SM2 key is ECDSA over the SM2 curve
 * and does not interoperate with banks, so it is not used. Signatures travel as Base64 of DER.
 */
const { sm2 } = smCrypto;

export interface Sm2KeyPair {
  /** 32-byte private key, hex. */
  privateKey: string;
  /** Uncompressed public key (04 ‖ x ‖ y), hex. */
  publicKey: string;
}

/**
 * A key pair on the SM2 curve from Node's OpenSSL (about a millisecond; sm-crypto's pure-JS
 * generation took over 100 ms, paid on every first start and by every simulator). The raw keys are
 * cut from the DER encodings: SEC1's private key is the 32-byte octet string after `30 77 02 01 01
 * 04 20`, and SPKI ends with the 65-byte uncompressed point.
 */
export function generateSm2KeyPair(): Sm2KeyPair {
  const keys = generateKeyPairSync('ec', { namedCurve: 'SM2' });
  const sec1 = keys.privateKey.export({ format: 'der', type: 'sec1' });
  const spki = keys.publicKey.export({ format: 'der', type: 'spki' });
  if (sec1[5] !== 0x04 || sec1[6] !== 32) throw new Error(`unexpected SEC1 layout of an SM2 private key: ${sec1.subarray(0, 8).toString('hex')}`);
  return { privateKey: sec1.subarray(7, 39).toString('hex'), publicKey: spki.subarray(spki.length - 65).toString('hex') };
}

export function sm2Sign(message: string, keys: Sm2KeyPair): string {
  const hex = sm2.doSignature(message, keys.privateKey, { hash: true, der: true, publicKey: keys.publicKey });
  return Buffer.from(hex, 'hex').toString('base64');
}

export function sm2Verify(message: string, signatureBase64: string, publicKey: string): boolean {
  const hex = Buffer.from(signatureBase64, 'base64').toString('hex');
  if (hex.length === 0) return false;
  try {
    return sm2.doVerifySignature(message, hex, publicKey, { hash: true, der: true });
  } catch {
    return false;
  }
}

/** True when `publicKey` is an uncompressed SM2 public key (04 ‖ x ‖ y, hex) whose point lies on the SM2 curve. */
export function isSm2PublicKey(publicKey: string): boolean {
  if (!/^04[0-9a-fA-F]{128}$/.test(publicKey)) return false;
  try {
    return (sm2 as unknown as { verifyPublicKey(key: string): boolean }).verifyPublicKey(publicKey.toLowerCase());
  } catch {
    return false;
  }
}
