import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt with N = 2^log2N, r=8, p=1. The parameters are stored with the hash, so verifying reads
 * them from it and they can be raised later. 15 (N = 32768, about 0.15 s) is the default and the
 * least production accepts (config.ts); the tests' platforms hash with a cheaper N.
 */
export const DEFAULT_SCRYPT_LOG2N = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** Hashes a new password with the platform's configured cost (`Services.hashPassword`). */
export type HashPassword = (password: string) => Promise<string>;
export type VerifyPassword = typeof verifyPassword;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string, log2N = DEFAULT_SCRYPT_LOG2N): Promise<string> {
  const n = 2 ** log2N;
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N: n, r: R, p: P });
  return `scrypt$${n}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** New hashes at the configured cost (`PASSWORD_SCRYPT_LOG2N`): the platform's and `npm run setup`'s. */
export const hashingAt =
  (log2N: number): HashPassword =>
  (password) =>
    hashPassword(password, log2N);

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
