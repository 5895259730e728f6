import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprises } from './helpers/consent-fixtures.js';
import { demoEnterpriseLogin, eventually, productIdsByBankCode, productLike, startPlatformWithSimulator, type SimulatedPlatform } from './helpers/lending-fixtures.js';

// A 贷后监测 grant took any UUID as its loan: a loan of another firm, of another bank, one never
// disbursed, or none at all. It must name one of the enterprise's loans on the books, lent (or
// guaranteed) by the grantee; each refusal is 422 naming applicationId.
let env: SimulatedPlatform;
let sme: string;
let products: Map<string, string>;

beforeAll(async () => {
  env = await startPlatformWithSimulator();
  sme = await env.platform.login(demoEnterpriseLogin(env.platform));
  products = await productIdsByBankCode(env.platform, sme);
});
afterAll(() => env?.close());

async function apply(bankCode: string, token = sme): Promise<string> {
  const res = await env.platform.api('/api/v1/loan-applications', {
    token,
    body: { productId: await productLike(env.platform, products.get(bankCode)!), amount: '200000', termMonths: 12, purpose: '购买设备' },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { application: { id: string } }).application.id;
}

const bankId = async (code: string) => ((await env.platform.database.knex('institutions').where({ code }).first('id')) as { id: string }).id;

function monitoring(granteeInstitutionId: string, applicationId: string) {
  return env.platform.api('/api/v1/consents', {
    token: sme,
    body: {
      granteeInstitutionId,
      scopes: ['tax'],
      purpose: 'post_loan_monitoring',
      applicationId,
      validUntil: new Date(Date.now() + 300 * 86_400_000).toISOString(),
      fetchType: 'PERIODIC',
      frequency: { unit: 'MONTH', value: 2 },
    },
  });
}

async function refusedAs(res: Response, code: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(422);
  expect(JSON.parse(text)).toMatchObject({ code, errors: [{ field: 'applicationId', code }] });
}

describe('贷后监测 names one of the enterprise’s loans on the books, of the grantee', () => {
  it('grants it for a disbursed loan to its bank, and refuses another bank, an unknown id and a loan not yet disbursed', async () => {
    const disbursed = await apply('CCB_HS');
    await eventually(
      () => env.platform.database.knex('loan_applications').where({ id: disbursed }).first(),
      (row) => row.status === 'DISBURSED',
    );
    const ccb = await bankId('CCB_HS');
    const granted = await monitoring(ccb, disbursed);
    expect(granted.status, await granted.clone().text()).toBe(201);
    expect(await granted.json()).toMatchObject({ purpose: 'post_loan_monitoring', applicationId: disbursed });

    await refusedAs(await monitoring(await bankId('ICBC_HS'), disbursed), 'MONITORED_LOAN_OTHER_LENDER');
    await refusedAs(await monitoring(ccb, '00000000-0000-4000-8000-000000000000'), 'MONITORED_LOAN_NOT_FOUND');

    env.simulator.setDefaultScript({ silent: true, steps: [] });
    try {
      const pending = await apply('ICBC_HS');
      await refusedAs(await monitoring(await bankId('ICBC_HS'), pending), 'MONITORED_LOAN_NOT_ON_BOOKS');
    } finally {
      env.simulator.setDefaultScript({ steps: [{ event: 'accepted' }, { event: 'under_review' }, { event: 'approved' }, { event: 'contracted' }, { event: 'disbursed' }] });
    }
  });

  it("refuses another enterprise's loan as unknown", async () => {
    const [other] = await registerEnterprises(env.platform, 1);
    const theirs = await apply('CCB_HS', other!.token);
    await refusedAs(await monitoring(await bankId('CCB_HS'), theirs), 'MONITORED_LOAN_NOT_FOUND');
  });
});
