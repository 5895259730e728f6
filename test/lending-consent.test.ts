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

describe('lending through the consent gate', () => {
  it('submitting creates the loan_application grant; the officer reads through the gate until the SME revokes', async () => {
    const productId = await publishedProduct(platform, 'abc_officer');
    const created = await platform.api('/api/v1/loan-applications', {
      token: sme,
      body: { productId, amount: '300000', termMonths: 12, purpose: '采购原材料' },
    });
    expect(created.status).toBe(201);
    const { application: submitted } = (await created.json()) as { application: { id: string } };
    const row = await platform.database.knex('loan_applications').where({ id: submitted.id }).first();
    const application = { id: submitted.id, consentGrantId: row.consent_grant_id as string };
    expect(application.consentGrantId).toMatch(/^[0-9a-f-]{36}$/);

    const grant = await platform.database.knex('consent_grants').where({ id: application.consentGrantId }).first();
    expect(grant).toMatchObject({ purpose: 'loan_application', application_id: application.id, status: 'ACTIVE' });

    const officer = await platform.login('abc_officer');
    const read = await platform.api(`/api/v1/bank/loan-applications/${application.id}/profile`, { token: officer });
    expect(read.status).toBe(200);
    const profile = (await read.json()) as { grantId: string; purpose: string; data: Record<string, { scope?: string }> };
    expect(profile).toMatchObject({ grantId: application.consentGrantId, purpose: 'loan_application' });
    expect(profile.data.tax).toMatchObject({ scope: 'tax' });
    expect(await platform.database.knex('consent_access_log').where({ grant_id: application.consentGrantId }).count({ n: '*' }).first()).toEqual({ n: 1 });

    const otherBank = await platform.login('ccb_officer');
    expect((await platform.api(`/api/v1/bank/loan-applications/${application.id}/profile`, { token: otherBank })).status).toBe(404);

    const revoked = await platform.api(`/api/v1/consents/${application.consentGrantId}/revoke`, { token: sme, body: { reason: '改选其他银行' } });
    expect(revoked.status).toBe(200);
    const refused = await platform.api(`/api/v1/bank/loan-applications/${application.id}/profile`, { token: officer });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'CONSENT_REVOKED' });
    // As the bank guide says: a revocation ends the reads, not the application, which the bank
    // goes on handling (or the enterprise withdraws).
    expect(await platform.database.knex('loan_applications').where({ id: application.id }).first('status')).toEqual({ status: 'SUBMITTED' });
    expect((await platform.api(`/api/v1/bank/loan-applications/${application.id}/accept`, { method: 'POST', token: officer })).status).toBe(200);
  });

  it("reads each application under its own grant, not another application's grant to the same bank", async () => {
    const apply = async (productId: string) => {
      const created = await platform.api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '200000', termMonths: 12, purpose: '采购原材料' } });
      expect(created.status, await created.clone().text()).toBe(201);
      const { id } = ((await created.json()) as { application: { id: string } }).application;
      return { id, grantId: String((await platform.database.knex('loan_applications').where({ id }).first('consent_grant_id')).consent_grant_id) };
    };
    // Two products of one bank, two applications: two ONETIME grants to the same bank for 贷款申请.
    const first = await apply(await publishedProduct(platform, 'abc_officer', { name: '农银e贷' }));
    const second = await apply(await publishedProduct(platform, 'abc_officer', { name: '农银快贷' }));
    const officer = await platform.login('abc_officer');
    const profileOf = (id: string) => platform.api(`/api/v1/bank/loan-applications/${id}/profile`, { token: officer });
    const loggedUnder = async (grantId: string) => Number((await platform.database.knex('consent_access_log').where({ grant_id: grantId }).count({ n: '*' }).first())!.n);

    const read = await profileOf(first.id);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ grantId: first.grantId });
    expect([await loggedUnder(first.grantId), await loggedUnder(second.grantId)]).toEqual([1, 0]);
    // Revoking the first application's grant closes its case file, whatever the second grant allows.
    expect((await platform.api(`/api/v1/consents/${first.grantId}/revoke`, { token: sme, body: { reason: '不再申请' } })).status).toBe(200);
    expect(await (await profileOf(first.id)).json()).toMatchObject({ code: 'CONSENT_REVOKED' });
    const other = await profileOf(second.id);
    expect(other.status).toBe(200);
    expect(await other.json()).toMatchObject({ grantId: second.grantId });
  });

  it('judges eligibility on credit-profile indicators, not only the register', async () => {
    const productId = await publishedProduct(platform, 'abc_officer', {
      name: '守信贷',
      eligibility: [{ field: 'on_serious_dishonesty_list', operator: 'eq', value: false }],
    });
    const res = await platform.api('/api/v1/loan-products', { token: sme });
    const items = ((await res.json()) as { items: { id: string; match?: { verdict: string } }[] }).items;
    const product = items.find((p) => p.id === productId);
    expect(product?.match?.verdict).not.toBe('unknown');
  });
});
