import type { BankAdapterSetting } from '../../bank-adapters/index.js';
import { BankSimulator } from '../../bank-adapters/simulator/bank-simulator.js';
import { simulatedBankSetup } from '../../bank-adapters/simulator/simulated-banks.js';
import { DEMO_BANK_PROTOCOLS } from '../../src/demo/demo-banks.js';
import { generateSm2KeyPair } from '../../src/platform/sm2.js';
import { startTestPlatform, type TestPlatform } from './test-platform.js';

/** The published loan products the enterprise `token` sees, by the code of the bank offering each. */
export async function productIdsByBankCode(platform: TestPlatform, token: string): Promise<Map<string, string>> {
  const list = (await (await platform.api('/api/v1/loan-products', { token })).json()) as { items: { id: string; bankId: string }[] };
  const banks = (await platform.database.knex('institutions').where({ type: 'bank' }).select('id', 'code')) as { id: string; code: string }[];
  return new Map(list.items.map((p) => [banks.find((b) => b.id === p.bankId)!.code, p.id]));
}

/** The demo enterprise's login (its USCC) from the seeded demo city. */
export function demoEnterpriseLogin(platform: TestPlatform): string {
  const account = platform.demo?.accounts.find((a) => a.role === 'enterprise');
  if (!account) throw new Error('demo enterprise missing');
  return account.username;
}

export const productInput = (overrides: Record<string, unknown> = {}) => ({
  name: '税易贷',
  description: '按纳税信用发放的信用贷款',
  minAmount: '100000',
  maxAmount: '3000000',
  minTermMonths: 6,
  maxTermMonths: 36,
  minRate: '3.45',
  maxRate: '4.80',
  guaranteeType: 'credit',
  eligibility: [{ field: 'yearsEstablished', operator: 'gte', value: 1 }],
  zoneTags: ['tech_loan'],
  ...overrides,
});

/** A bank officer drafts a product, the admin publishes it; returns its id. */
export async function publishedProduct(platform: TestPlatform, officer: string, overrides: Record<string, unknown> = {}, password?: string): Promise<string> {
  const bank = await platform.login(officer, password);
  const admin = await platform.login('admin');
  const created = await platform.api('/api/v1/loan-products', { token: bank, body: productInput(overrides) });
  if (created.status !== 201) throw new Error(`create product: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const published = await platform.api(`/api/v1/loan-products/${id}/publish`, { token: admin, body: { revision: 1 } });
  if (published.status !== 200) throw new Error(`publish: ${published.status}`);
  return id;
}

export interface SimulatedPlatform {
  platform: TestPlatform;
  simulator: BankSimulator;
  settings: BankAdapterSetting[];
  close(): Promise<void>;
}

/**
 * The platform configured through BANK_ADAPTERS (the production path) against a bank simulator
 * started here, with compressed retry schedules and short adapter timeouts. The simulator's seven
 * callback retries (4 minutes to 15 hours apart) are spread over about 9 s: a callback that arrives
 * before the one it depends on (a repayment before its disbursement, on a loaded machine) is still
 * heard once the other is in, and `eventually`'s 25 s covers the whole schedule.
 */
export async function startPlatformWithSimulator(env: Record<string, string> = {}): Promise<SimulatedPlatform> {
  const keys = generateSm2KeyPair();
  const simulator = new BankSimulator({ banks: [], retryScale: 0.0001 });
  const simulatorUrl = await simulator.start();
  const setup = simulatedBankSetup(DEMO_BANK_PROTOCOLS, simulatorUrl, keys.publicKey);
  const settings = setup.settings.map((s) => ({ ...s, options: { ...s.options, timeoutMs: 400 } }));
  const platform = await startTestPlatform({
    BANK_ADAPTERS: JSON.stringify(settings),
    PLATFORM_SM2_PRIVATE_KEY: keys.privateKey,
    PLATFORM_SM2_PUBLIC_KEY: keys.publicKey,
    OUTBOX_POLL_MS: '20',
    OUTBOX_BACKOFF_BASE_MS: '20',
    SCHEDULER_ENABLED: 'false',
    ...env,
  });
  for (const bank of setup.simulated(platform.url.replace('localhost', '127.0.0.1'))) simulator.addBank(bank);
  return {
    platform,
    simulator,
    settings,
    async close() {
      await platform.close();
      await simulator.stop();
    },
  };
}

/** Polls `read` until `done` holds (or fails after `timeoutMs`). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 25_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A published copy of `productId` (same bank, ranges and rules), for one more open application
 * of the same enterprise: an enterprise has at most one open application per product.
 */
export async function productLike(platform: TestPlatform, productId: string): Promise<string> {
  const { knex } = platform.database;
  const { id: _id, ...row } = (await knex('loan_products').where({ id: productId }).first()) as Record<string, unknown>;
  const columns = Object.entries(row).map(([name, value]) => [name, value !== null && typeof value === 'object' && !(value instanceof Date) ? JSON.stringify(value) : value]);
  const [copy] = (await knex('loan_products').insert(Object.fromEntries(columns)).returning('id')) as { id: string }[];
  return copy!.id;
}
