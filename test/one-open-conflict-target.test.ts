// Decision 0044: the one-open inserts name their own partial unique index as the conflict target.
// A unique rule added later (here an index made for the test) must surface as the violation it
// is, not be read as "the enterprise already has one open".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEnterpriseLogin, publishedProduct } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;
let sme: string;

beforeAll(async () => {
  platform = await startTestPlatform({ BANK_SIMULATOR: 'false' });
  sme = await platform.login(demoEnterpriseLogin(platform));
});
afterAll(() => platform?.close());

/** A unique rule of another kind than the one-open rule, over the rows whose text starts with `prefix`. */
async function laterRule(table: string, columns: string, text: string, prefix: string): Promise<void> {
  await platform.database.knex.raw(`create unique index ${table}_later_rule on ${table} (${columns}) where ${text} like '${prefix}%'`);
}

/**
 * Refused, but not as a conflict with an open one (409: already open, or "modified" when the open
 * one could not be found): a rule nobody mapped reaches the caller as the platform's generic
 * failure, and is logged as such, rather than as a reason that is not true.
 */
async function expectNotOneOpen(res: Response, oneOpenCode: string): Promise<void> {
  const text = await res.text();
  expect(res.ok, text).toBe(false);
  expect(res.status, text).not.toBe(409);
  expect(text).not.toContain(oneOpenCode);
}

describe('a unique rule other than the one-open rule', () => {
  it('a loan application that breaks it is not answered as a refusal of the one-open rule', async () => {
    await laterRule('loan_applications', 'enterprise_id, purpose', 'purpose', '后来的规则');
    const apply = (productId: string) => platform.api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '300000', termMonths: 12, purpose: '后来的规则：设备采购' } });
    expect((await apply(await publishedProduct(platform, 'abc_officer', { name: '后来的规则贷一' }))).status).toBe(201);
    // Another product: the one-open rule allows it, the later rule does not.
    const second = await apply(await publishedProduct(platform, 'abc_officer', { name: '后来的规则贷二' }));
    await expectNotOneOpen(second, 'APPLICATION_ALREADY_OPEN');
  });

  it('a financing demand that breaks it is not answered as a refusal of the one-open rule', async () => {
    await laterRule('financing_demands', 'enterprise_id, purpose', 'purpose', '后来的规则');
    const post = () => platform.api('/api/v1/financing-demands', { token: sme, body: { amount: '200000', termMonths: 12, purpose: '后来的规则：扩大生产' } });
    const first = (await (await post()).json()) as { id: string };
    expect((await platform.api(`/api/v1/financing-demands/${first.id}/withdraw`, { token: sme, method: 'POST' })).status).toBe(200);
    // No demand is open any more: only the later rule stands in the way.
    const second = await post();
    await expectNotOneOpen(second, 'DEMAND_ALREADY_OPEN');
  });

  it('a self-reported item that breaks it is not answered as a duplicate', async () => {
    await laterRule('self_reported_items', 'enterprise_id, title', 'title', '后来的规则');
    const add = (content: string) =>
      platform.api('/api/v1/me/self-reported', { token: sme, body: { kind: 'major_contracts', title: '后来的规则：采购合同', content, acceptCommitment: true } });
    expect((await add('合同金额 100 万元')).status).toBe(201);
    // Another content is another item under the one-copy rule; the later rule refuses the title.
    const second = await add('合同金额 200 万元');
    await expectNotOneOpen(second, 'SELF_REPORTED_DUPLICATE');
  });
});
