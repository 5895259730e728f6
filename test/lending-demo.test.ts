import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoEnterpriseLogin, eventually } from './helpers/lending-fixtures.js';
import { listAsSeriouslyDishonest, registerRecordless } from './helpers/listed-enterprises.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;

beforeAll(async () => {
  // The demo path: no BANK_ADAPTERS, so the platform starts the simulator and wires the demo banks.
  platform = await startTestPlatform({ OUTBOX_POLL_MS: '20', SCHEDULER_ENABLED: 'false', BANK_SIMULATOR_DECISION_DELAY_MS: '50' });
});
afterAll(() => platform?.close());

async function apply(bankCode: string, login = demoEnterpriseLogin(platform), password?: string) {
  const sme = await platform.login(login, password);
  const bank = await platform.database.knex('institutions').where({ code: bankCode }).first('id');
  const product = await platform.database.knex('loan_products').where({ bank_id: bank.id, status: 'published' }).first('id', 'min_amount', 'max_amount', 'min_rate', 'max_rate');
  const res = await platform.api('/api/v1/loan-applications', {
    token: sme,
    body: { productId: product.id, amount: product.min_amount, termMonths: 12, purpose: '演示' },
  });
  expect(res.status).toBe(201);
  const { id } = ((await res.json()) as { application: { id: string } }).application;
  const read = async () => ((await (await platform.api(`/api/v1/loan-applications/${id}`, { token: sme })).json()) as { application: Record<string, unknown> }).application;
  return { id, product, read };
}

const loggedClientReads = async (applicationId: string) =>
  Number(
    (
      await platform.database
        .knex('consent_access_log as l')
        .join('consent_grants as g', 'g.id', 'l.grant_id')
        .where('g.application_id', applicationId)
        .whereNotNull('l.client_id')
        .count<{ count: string | number }[]>('* as count')
    )[0]!.count,
  );

it.each(['HBB_HS', 'HSRCB'])('automatic demo bank %s declines a 严重失信 firm with its reason and prices a clean one within the product', async (bankCode) => {
  expect(platform.bankSimulator).toBeDefined();
  const [listed, clean] = await registerRecordless(platform, 2);
  await listAsSeriouslyDishonest(platform, listed!.uscc);

  const refused = await apply(bankCode, listed!.uscc, listed!.password);
  const declined = await eventually(refused.read, (a) => a.status !== 'SUBMITTED' && a.status !== 'ACCEPTED' && a.status !== 'UNDER_REVIEW');
  expect(declined).toMatchObject({ status: 'REJECTED', rejectionReason: 'POLICY_NOT_MET', approvedAmount: null });
  expect(declined.bankNote).toContain('严重失信主体名单（严重违法失信名单）');
  // The bank's system read the profile through the gate: the read is logged under its client.
  expect(await loggedClientReads(refused.id)).toBe(1);

  const { id, product, read } = await apply(bankCode, clean!.uscc, clean!.password);
  const done = await eventually(read, (a) => a.status === 'DISBURSED' || a.status === 'REJECTED');
  expect(done).toMatchObject({ statusLabel: '已放款', approvedAmount: product.min_amount, disbursedAmount: product.min_amount });
  expect(Number(done.approvedRate)).toBeGreaterThanOrEqual(Number(product.min_rate));
  expect(Number(done.approvedRate)).toBeLessThanOrEqual(Number(product.max_rate));
  expect(await loggedClientReads(id)).toBe(1);
});

it('a manual demo bank leaves the application to its officers: nothing moves until one acts', async () => {
  const { id, read } = await apply('ICBC_HS');
  await eventually(() => platform.database.knex('outbox_messages').where({ message_key: `loan-application:${id}:submit` }).first('status'), (row) => row?.status === 'delivered');
  await new Promise((r) => setTimeout(r, 300));
  expect((await read()).status).toBe('SUBMITTED');
  expect(platform.bankSimulator!.application(id)?.status).toBe('submitted');
  const officer = await platform.login('icbc_officer');
  const accepted = await platform.api(`/api/v1/bank/loan-applications/${id}/accept`, { token: officer, method: 'POST', body: {} });
  expect(accepted.status).toBe(200);
});
