import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Personal data at rest: SM4-CBC (Node's built-in cipher) with a fresh IV per value.
 * Stored form: `sm4k:<keyId>:<base64(iv ‖ ciphertext)>`, so the key a value needs is known and
 * keys can be rotated (new values take the current key; `npm run reencrypt` moves old ones).
 * Values written before key ids existed (`sm4:v1:<base64>`) are read with the keyring's legacy key.
 */
const PREFIX = 'sm4k:';
const LEGACY_PREFIX = 'sm4:v1:';
export const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface Sm4Keyring {
  /** The key new values are encrypted with. */
  readonly currentId: string;
  /** Every key that may still be needed to read, current included. */
  readonly keys: ReadonlyMap<string, Buffer>;
  /** The key that wrote the values stored before key ids existed. */
  readonly legacyId: string;
}

/** A keyring of one key (id `k1`), which also reads values stored without a key id. */
export function singleKeyring(key: Buffer, id = 'k1'): Sm4Keyring {
  return { currentId: id, keys: new Map([[id, key]]), legacyId: id };
}

export class Sm4FieldCipher {
  private readonly keyring: Sm4Keyring;

  constructor(keys: Buffer | Sm4Keyring) {
    this.keyring = Buffer.isBuffer(keys) ? singleKeyring(keys) : keys;
    for (const [id, key] of this.keyring.keys) {
      if (!KEY_ID.test(id)) throw new Error(`SM4 key id "${id}" must match ${KEY_ID}`);
      if (key.length !== 16) throw new Error(`SM4 key ${id} must be 16 bytes`);
    }
    if (!this.keyring.keys.has(this.keyring.currentId)) throw new Error(`SM4 current key ${this.keyring.currentId} is not in the keyring`);
  }

  get currentKeyId(): string {
    return this.keyring.currentId;
  }

  encrypt(plain: string): string {
    const iv = randomBytes(16);
    const cipher = createCipheriv('sm4-cbc', this.key(this.keyring.currentId), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${this.keyring.currentId}:${Buffer.concat([iv, body]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    const { keyId, payload } = parse(stored);
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('sm4-cbc', this.key(keyId ?? this.keyring.legacyId), raw.subarray(0, 16));
    return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
  }

  /** True when `stored` was written with another key than the current one (or with none). */
  isStale(stored: string): boolean {
    return parse(stored).keyId !== this.keyring.currentId;
  }

  private key(id: string): Buffer {
    const key = this.keyring.keys.get(id);
    if (!key) throw new Sm4KeyMissingError(id);
    return key;
  }
}

/** A stored value names a key the keyring lacks: the operator adds it to SM4_PREVIOUS_KEYS (start-failure.ts tells it so). */
export class Sm4KeyMissingError extends Error {
  override readonly name = 'Sm4KeyMissingError';
  constructor(readonly keyId: string) {
    super(`SM4 key ${keyId} is not configured (SM4_PREVIOUS_KEYS)`);
  }
}

function parse(stored: string): { keyId: string | undefined; payload: string } {
  if (stored.startsWith(LEGACY_PREFIX)) return { keyId: undefined, payload: stored.slice(LEGACY_PREFIX.length) };
  const match = /^sm4k:([A-Za-z0-9_-]{1,32}):(.*)$/s.exec(stored);
  if (!match) throw new Error('Unknown encrypted field format');
  return { keyId: match[1], payload: match[2]! };
}

export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}
