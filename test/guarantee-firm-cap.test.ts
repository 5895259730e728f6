import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { created, guaranteeProduct } from './helpers/guarantee-fixtures.js';
import { publishedProduct } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

// 单户在保上限 was checked only when an application was opened, against guarantees already in
// force. Two 见保即贷 applications of one firm opened side by side (two banks' products guaranteed
// by one company) each passed, and the company's officer could grant both past the cap.
let platform: TestPlatform;
let kdd: string;
let firm: TestEnterprise;
let products: [string, string];

beforeAll(async () => {
  platform = await startTestPlatform({ BANK_SIMULATOR: 'false', SCHEDULER_ENABLED: 'false' });
  kdd = await platform.login('kdd_officer');
  [firm] = (await registerEnterprises(platform, 1)) as [TestEnterprise];
  products = [
    await publishedProduct(platform, 'hbb_officer', { name: '科担贷（湖北银行）', guaranteeType: 'guarantee_company' }),
    await publishedProduct(platform, 'abc_officer', { name: '科担贷（农业银行）', guaranteeType: 'guarantee_company' }),
  ];
  for (const [i, loanProductId] of products.entries()) {
    await created(await platform.api('/api/v1/guarantee-products', { token: kdd, body: guaranteeProduct(loanProductId, { name: `科担贷${i + 1}`, route: 'guarantee_first', singleFirmCap: '500000.00' }) }));
  }
});
afterAll(() => platform?.close());

async function pendingGuarantee(productId: string): Promise<string> {
  const res = await platform.api('/api/v1/loan-applications', { token: firm.token, body: { productId, amount: '300000', termMonths: 12, purpose: '研发投入' } });
  expect(res.status, await res.clone().text()).toBe(201);
  const { application } = (await res.json()) as { application: { id: string; status: string } };
  expect(application.status).toBe('GUARANTEE_REVIEW');
  return ((await platform.database.knex('guarantees').where({ application_id: application.id }).first('id')) as { id: string }).id;
}

const decide = (id: string) => platform.api(`/api/v1/guarantees/${id}/decision`, { token: kdd, body: { decision: 'grant' } });

describe('单户在保上限 at the grant', () => {
  it('grants the first of two pending guarantees and refuses the second that would pass the cap, naming decision', async () => {
    const [first, second] = [await pendingGuarantee(products[0]), await pendingGuarantee(products[1])];
    expect((await decide(first)).status).toBe(200);
    const refused = await decide(second);
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await refused.json()) as { code: string; detail: string; errors: { field: string; code: string }[] };
    expect(problem).toMatchObject({ code: 'FIRM_CAP_EXCEEDED', errors: [{ field: 'decision', code: 'FIRM_CAP_EXCEEDED' }] });
    expect(problem.detail).toContain('600,000.00');
    const statuses = await platform.database.knex('guarantees').where({ enterprise_id: firm.id }).pluck('status');
    expect(statuses.sort()).toEqual(['granted', 'pending']);
  });
});
