import { createCipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reencryptFields } from '../src/platform/field-reencryption.js';
import { Sm4FieldCipher, type Sm4Keyring } from '../src/platform/national-crypto.js';
import { startTestPlatform, TEST_SM4_KEY, type TestPlatform } from './helpers/test-platform.js';

/** SM4 key rotation: values carry a key id; old values (with or without one) move to the new key. */
const OLD = Buffer.from(TEST_SM4_KEY, 'hex');
const NEW_HEX = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

/** The stored form used before key ids existed. */
function legacyEncrypt(plain: string): string {
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-cbc', OLD, iv);
  return 'sm4:v1:' + Buffer.concat([iv, c.update(plain, 'utf8'), c.final()]).toString('base64');
}

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.close());

describe('SM4 key ids and npm run reencrypt', () => {
  it('reads values without a key id, stamps new ones, and rotation rewrites all of them under the new key', async () => {
    const { knex } = platform.database;
    const enterprise = (await knex('enterprises').orderBy('id').first('id', 'contact_mobile_enc')) as { id: string; contact_mobile_enc: string };
    expect(enterprise.contact_mobile_enc).toMatch(/^sm4k:k1:/);
    const plainBefore = new Sm4FieldCipher(OLD).decrypt(enterprise.contact_mobile_enc);
    await knex('enterprises').where({ id: enterprise.id }).update({ contact_mobile_enc: legacyEncrypt('13700001111') });
    expect(new Sm4FieldCipher(OLD).decrypt((await knex('enterprises').where({ id: enterprise.id }).first()).contact_mobile_enc)).toBe('13700001111');

    const rotated: Sm4Keyring = {
      currentId: 'k2',
      keys: new Map([
        ['k2', Buffer.from(NEW_HEX, 'hex')],
        ['k1', OLD],
      ]),
      legacyId: 'k1',
    };
    const cipher = new Sm4FieldCipher(rotated);
    const total = await knex('enterprises').whereNotNull('contact_mobile_enc').count<{ n: string }[]>('* as n');
    const counts = await reencryptFields(knex, cipher, 7);
    expect(counts['enterprises.contact_mobile_enc']).toBe(Number(total[0]!.n));
    const rows = (await knex('enterprises').whereNotNull('contact_mobile_enc').select('id', 'contact_mobile_enc')) as { id: string; contact_mobile_enc: string }[];
    expect(rows.every((r) => r.contact_mobile_enc.startsWith('sm4k:k2:'))).toBe(true);
    expect(cipher.decrypt(rows.find((r) => r.id === enterprise.id)!.contact_mobile_enc)).toBe('13700001111');
    // Only the new key is needed now; a second run has nothing to do.
    const newOnly = new Sm4FieldCipher({ currentId: 'k2', keys: new Map([['k2', Buffer.from(NEW_HEX, 'hex')]]), legacyId: 'k2' });
    expect(rows.map((r) => newOnly.decrypt(r.contact_mobile_enc)).every((m) => /^1\d{10}$/.test(m))).toBe(true);
    // The bank connections' secrets (the demo banks') are rotated too, and still open with the new key alone.
    const connections = (await knex('bank_connections').select('secrets_enc')) as { secrets_enc: string }[];
    expect(counts['bank_connections.secrets_enc']).toBe(connections.length);
    expect(connections.length).toBeGreaterThan(0);
    expect(connections.every((c) => typeof JSON.parse(newOnly.decrypt(c.secrets_enc)) === 'object')).toBe(true);
    expect(await reencryptFields(knex, cipher)).toEqual({
      'enterprises.contact_mobile_enc': 0,
      'institutions.webhook_secret_enc': 0,
      'institutions.webhook_previous_secret_enc': 0,
      'users.mobile_enc': 0,
      'invitations.mobile_enc': 0,
      'application_case_files.snapshot_enc': 0,
      'bank_connections.secrets_enc': 0,
      'application_documents.content_enc': 0,
    });
    expect(plainBefore).toMatch(/^1\d{10}$/);
  });
});
