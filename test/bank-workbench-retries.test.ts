import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineClient, publishedProductOf, submittedApplication } from './helpers/access-fixtures.js';
import { registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { productInput } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * A bank's system deciding and lending through the API retries a write whose answer was lost.
 * Before, the repeat was a 409 (the application had moved on), and the system could not tell
 * whether its first call was applied; with an Idempotency-Key it now gets the first answer.
 */
let platform: TestPlatform;
let sme: TestEnterprise;
let bank: string;
let icbcProduct: string;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  platform = await startTestPlatform({ BANK_SIMULATOR: 'false', SCHEDULER_ENABLED: 'false' });
  [sme] = (await registerEnterprises(platform, 1)) as [TestEnterprise];
  const admin = await platform.login('icbc_admin');
  bank = (await machineClient(platform, admin, ['applications:read', 'applications:write', 'loans:write'])).token;
  icbcProduct = await publishedProductOf(platform, 'ICBC_HS');
});
afterAll(() => platform?.close());

const post = (id: string, action: string, body: unknown, key?: string) =>
  platform.api(`/api/v1/bank/loan-applications/${id}/${action}`, { token: bank, body, headers: key ? { 'idempotency-key': key } : {} });

async function sameAnswer(first: Response, repeat: Response): Promise<void> {
  const text = await first.text();
  expect(first.status, text).toBe(200);
  expect(repeat.status, await repeat.clone().text()).toBe(200);
  expect(repeat.headers.get('idempotent-replayed')).toBe('true');
  // Byte for byte: a system that compares, hashes or signs the answer sees the same one.
  expect(await repeat.text()).toBe(text);
}

describe('bank writes retried with an Idempotency-Key', () => {
  it('accept, decision, disbursement and repayment answer a repeat as the first time, once applied', async () => {
    const id = await submittedApplication(platform, sme.token, icbcProduct);
    const approve = { decision: 'approve', approvedAmount: '300000', approvedRate: '3.85', approvedTermMonths: 12 };
    await sameAnswer(await post(id, 'accept', {}, 'acc-1'), await post(id, 'accept', {}, 'acc-1'));
    await sameAnswer(await post(id, 'decision', approve, 'dec-1'), await post(id, 'decision', approve, 'dec-1'));
    const tranche = { reference: 'DB-1', amount: '100000', occurredOn: today };
    await sameAnswer(await post(id, 'disbursements', tranche, 'db-1'), await post(id, 'disbursements', tranche, 'db-1'));
    const repayment = { reference: 'RP-1', amount: '1000', occurredOn: today };
    await sameAnswer(await post(id, 'repayments', repayment, 'rp-1'), await post(id, 'repayments', repayment, 'rp-1'));
    const row = await platform.database.knex('loan_applications').where({ id }).first();
    expect(row).toMatchObject({ approved_amount: '300000.00', disbursed_amount: '100000.00', repaid_amount: '1000.00' });
    const events = await platform.database.knex('loan_application_events').where({ application_id: id }).select('action');
    expect(events.filter((e) => e.action === 'approve')).toHaveLength(1);
    // The same key with another body is refused, naming the key; without a key the repeat is what it always was.
    const reused = await post(id, 'decision', { ...approve, approvedAmount: '200000' }, 'dec-1');
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { code: string }).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await post(id, 'decision', approve)).status).toBe(409);
  });

  it('a product drafted by a bank system and retried after a lost answer is drafted once', async () => {
    const admin = await platform.login('icbc_admin');
    const system = (await machineClient(platform, admin, ['products:write'], '产品管理系统')).token;
    const draft = productInput({ name: '重试只建一个的产品' });
    const send = (key: string) => platform.api('/api/v1/loan-products', { token: system, body: draft, headers: { 'idempotency-key': key } });
    const first = await send('product-1');
    const text = await first.text();
    expect(first.status, text).toBe(201);
    const repeat = await send('product-1');
    expect(repeat.status).toBe(201);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(await repeat.text()).toBe(text);
    expect(await platform.database.knex('loan_products').where({ name: draft.name })).toHaveLength(1);
  });

  it('a repeat racing the first call (no version sent) is answered as the first call left it, not APPLICATION_MODIFIED', async () => {
    const id = await submittedApplication(platform, sme.token, icbcProduct);
    const accepts = await Promise.all([1, 2, 3].map(() => post(id, 'accept', {})));
    const codes = await Promise.all(accepts.map(async (r) => (r.status === 200 ? 200 : ((await r.json()) as { code: string }).code)));
    expect(codes.sort()).toEqual([200, 'INVALID_TRANSITION', 'INVALID_TRANSITION'].sort());
    const approve = { decision: 'approve', approvedAmount: '300000', approvedRate: '3.85', approvedTermMonths: 12 };
    expect((await post(id, 'decision', approve)).status).toBe(200);
    // A tranche is once per reference: every repeat of it is answered 200, and it is recorded once.
    const tranche = { reference: 'DB-RACE', amount: '1000', occurredOn: today };
    const tranches = await Promise.all([1, 2, 3, 4].map(() => post(id, 'disbursements', tranche)));
    expect(await Promise.all(tranches.map(async (r) => `${r.status} ${r.status === 200 ? '' : await r.text()}`))).toEqual(Array(4).fill('200 '));
    expect((await platform.database.knex('loan_applications').where({ id }).first()).disbursed_amount).toBe('1000.00');
  });
});
