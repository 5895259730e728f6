import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoEnterpriseLogin, eventually } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;

beforeAll(async () => {
  // The demo path: no BANK_ADAPTERS, so the platform starts the simulator and wires the demo banks.
  platform = await startTestPlatform({ OUTBOX_POLL_MS: '20', SCHEDULER_ENABLED: 'false' });
});
afterAll(() => platform?.close());

it.each(['HBB_HS', 'HSRCB'])('demo bank %s: apply → accepted, approved → disbursement callback → 已放款', async (bankCode) => {
  expect(platform.bankSimulator).toBeDefined();
  const sme = await platform.login(demoEnterpriseLogin(platform));
  const bank = await platform.database.knex('institutions').where({ code: bankCode }).first('id');
  const product = await platform.database.knex('loan_products').where({ bank_id: bank.id, status: 'published' }).first('id', 'min_amount');
  const res = await platform.api('/api/v1/loan-applications', {
    token: sme,
    body: { productId: product.id, amount: product.min_amount, termMonths: 12, purpose: '演示' },
  });
  expect(res.status).toBe(201);
  const { id } = ((await res.json()) as { application: { id: string } }).application;
  const done = await eventually(
    async () => ((await (await platform.api(`/api/v1/loan-applications/${id}`, { token: sme })).json()) as { application: Record<string, unknown> }).application,
    (a) => a.status === 'DISBURSED',
  );
  expect(done).toMatchObject({ statusLabel: '已放款', approvedAmount: product.min_amount, disbursedAmount: product.min_amount, approvedRate: '3.6500' });
});
