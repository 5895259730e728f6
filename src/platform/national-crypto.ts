import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Personal data at rest: SM4-CBC (Node's built-in cipher) with a fresh IV per value.
 * Stored form: `sm4:v1:<base64(iv ‖ ciphertext)>`, so the key version can change later.
 */
const PREFIX = 'sm4:v1:';

export class Sm4FieldCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 16) throw new Error('SM4 key must be 16 bytes');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(16);
    const cipher = createCipheriv('sm4-cbc', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, body]).toString('base64');
  }

  decrypt(stored: string): string {
    if (!stored.startsWith(PREFIX)) throw new Error('Unknown encrypted field format');
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('sm4-cbc', this.key, raw.subarray(0, 16));
    return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
  }
}

export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}
