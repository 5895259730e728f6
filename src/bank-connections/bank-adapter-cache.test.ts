import { describe, expect, it } from 'vitest';
import { FakeClock } from '../platform/clock.js';
import { AddressPolicy } from '../platform/egress/address-policy.js';
import { EgressGuard } from '../platform/egress/egress-guard.js';
import { createLogger } from '../platform/logger.js';
import { Sm4FieldCipher } from '../platform/national-crypto.js';
import { generateSm2KeyPair } from '../platform/sm2.js';
import { BankAdapterCache } from './bank-adapter-cache.js';
import type { BankConnectionRow } from './bank-connection-store.js';
import { FakeBankConnectionStore } from './fake-bank-connection-store.js';

const cipher = new Sm4FieldCipher(Buffer.alloc(16, 3));
const secrets = cipher.encrypt(JSON.stringify({ apiKey: 'a'.repeat(20), webhookSecrets: [`whsec_${Buffer.alloc(24, 1).toString('base64')}`] }));

function row(version: number, baseUrl: string): BankConnectionRow {
  return {
    id: 'c1', institutionId: 'i1', bankCode: 'B1', protocol: 'json-webhooks', options: { baseUrl }, secretsEnc: secrets, bankPublicKey: null,
    version, updatedAt: new Date(), updatedBy: 'u', lastTest: null, lastSuccessAt: null,
  };
}

function setup() {
  const store = new FakeBankConnectionStore();
  const clock = new FakeClock();
  const cache = new BankAdapterCache({
    db: undefined as never, store, cipher, clock, logger: createLogger('silent'), platformSm2: generateSm2KeyPair(), callbackPath: (c) => `/cb/${c}`,
    egress: new EgressGuard({ policy: new AddressPolicy([]), requireHttps: true }),
  });
  return { store, clock, cache };
}

describe('the adapter cache behind the gateway', () => {
  it('sees a change made by another instance once it reads the version again, without a restart', async () => {
    const { store, clock, cache } = setup();
    store.rows.set('B1', row(1, 'https://one.bank.example'));
    const first = await cache.adapterFor('B1');
    expect(first).toBeDefined();
    store.rows.set('B1', row(2, 'https://two.bank.example'));
    expect(await cache.adapterFor('B1')).toBe(first);
    clock.advance(2_000);
    const second = await cache.adapterFor('B1');
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    clock.advance(2_000);
    expect(await cache.adapterFor('B1')).toBe(second);
  });

  it('drops a bank at once on invalidate, and gives no adapter for a row that no longer passes', async () => {
    const { store, cache } = setup();
    store.rows.set('B1', row(1, 'https://one.bank.example'));
    await cache.adapterFor('B1');
    store.rows.set('B1', row(2, 'http://plain.bank.example'));
    cache.invalidate('B1');
    expect(await cache.adapterFor('B1')).toBeUndefined();
    store.rows.delete('B1');
    cache.invalidate('B1');
    expect(await cache.adapterFor('B1')).toBeUndefined();
  });

  it('writes a bank’s successful exchanges at most once a minute', async () => {
    const { store, clock, cache } = setup();
    cache.exchanged('B1', clock.now());
    cache.exchanged('B1', new Date(clock.now().getTime() + 30_000));
    cache.exchanged('B1', new Date(clock.now().getTime() + 61_000));
    await Promise.resolve();
    expect(store.successes.length).toBe(2);
  });
});
