import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../src/http/generated/api.js';
import { created, guaranteeProduct } from './helpers/guarantee-fixtures.js';
import { institutionId, registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { publishedProduct } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

// The reads refused without passing the consent gate's statement (a kept case file whose grant
// ended, a guarantee company the application named no grant to) reach the enterprise's 查询记录
// as the gate's own refusals do.
let platform: TestPlatform;
let smes: TestEnterprise[];
let bankProduct: string;
let guaranteedProduct: string;
let abc: string;
let hsfg: string;

/** A refused read as the API answers it. */
type Refused = components['schemas']['RefusedRead'];

const ONETIME = { scopes: ['credit_lists', 'judicial', 'register'], fetchType: 'ONETIME', validDays: 30 };

beforeAll(async () => {
  platform = await startTestPlatform({ BANK_SIMULATOR: 'false' });
  smes = await registerEnterprises(platform, 4);
  bankProduct = await publishedProduct(platform, 'abc_officer', { name: '案卷测试贷' });
  guaranteedProduct = await publishedProduct(platform, 'hbb_officer', { name: '案卷测试担保贷', guaranteeType: 'guarantee_company' });
  await created(
    await platform.api('/api/v1/guarantee-products', {
      token: await platform.login('hsfg_officer'),
      body: guaranteeProduct(guaranteedProduct, { name: '案卷测试担保', route: 'loan_first', templateCode: 'BG-2-8', guaranteedShareBp: 8000, autoGrantMaxAmount: '1000000.00' }),
    }),
  );
  [abc, hsfg] = await Promise.all([institutionId(platform, 'ABC_HS'), institutionId(platform, 'HSFG')]);
});
afterAll(() => platform?.close());

async function apply(sme: TestEnterprise, productId: string): Promise<string> {
  const res = await platform.api('/api/v1/loan-applications', {
    token: sme.token,
    body: { productId, amount: '300000', termMonths: 12, purpose: '采购原材料', consent: ONETIME },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { application: { id: string } }).application.id;
}
const grantTo = async (applicationId: string, institution: string) =>
  ((await platform.database.knex('consent_grants').where({ application_id: applicationId, grantee_institution_id: institution }).first('id')) as { id: string }).id;
const guaranteeOf = async (token: string, applicationId: string) => {
  const { items } = (await (await platform.api('/api/v1/guarantees', { token })).json()) as { items: { id: string; applicationId: string }[] };
  return items.find((g) => g.applicationId === applicationId)!.id;
};
const refusedReads = async (sme: TestEnterprise) => {
  const res = await platform.api('/api/v1/consents/refused-reads', { token: sme.token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Refused[] }).items;
};
/** The refused answer is the gate's: 403 problem+json with its code, and no read was logged for it. */
async function expectRefused(res: Response, code: string): Promise<string> {
  expect(res.status).toBe(403);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(await res.json()).toMatchObject({ status: 403, code });
  const requestId = res.headers.get('x-request-id')!;
  expect(await platform.database.knex('consent_access_log').where({ request_id: requestId })).toHaveLength(0);
  return requestId;
}

describe('refusals outside the gate statement, in 查询记录', () => {
  it("a bank's case file after the enterprise revoked its grant", async () => {
    const sme = smes[0]!;
    const applicationId = await apply(sme, bankProduct);
    const grantId = await grantTo(applicationId, abc);
    const officer = await platform.login('abc_officer');
    const path = `/api/v1/bank/loan-applications/${applicationId}/profile`;
    expect((await platform.api(path, { token: officer })).status).toBe(200);
    expect((await platform.api(`/api/v1/consents/${grantId}/revoke`, { token: sme.token, body: {} })).status).toBe(200);

    const requestId = await expectRefused(await platform.api(path, { token: officer }), 'CONSENT_REVOKED');
    const items = await refusedReads(sme);
    expect(items).toEqual([
      expect.objectContaining({ institution: expect.objectContaining({ id: abc }), reason: 'CONSENT_REVOKED', purpose: 'loan_application', grantId, scopes: [], requestId }),
    ]);
    expect(items[0]!.user?.displayName).toBeTruthy();
  });

  it("a bank's count of the applicant's other applications (风险摘要) after the enterprise revoked its grant", async () => {
    const sme = smes[3]!;
    const applicationId = await apply(sme, bankProduct);
    const grantId = await grantTo(applicationId, abc);
    const officer = await platform.login('abc_officer');
    const path = `/api/v1/bank/loan-applications/${applicationId}/other-applications`;
    expect((await platform.api(path, { token: officer })).status).toBe(200);
    expect((await platform.api(`/api/v1/consents/${grantId}/revoke`, { token: sme.token, body: {} })).status).toBe(200);

    const requestId = await expectRefused(await platform.api(path, { token: officer }), 'CONSENT_REVOKED');
    expect(await refusedReads(sme)).toEqual([
      expect.objectContaining({ institution: expect.objectContaining({ id: abc }), reason: 'CONSENT_REVOKED', purpose: 'loan_application', grantId, requestId }),
    ]);
  });

  it("a guarantee company's case file after the company terminated its grant", async () => {
    const sme = smes[1]!;
    const applicationId = await apply(sme, guaranteedProduct);
    const grantId = await grantTo(applicationId, hsfg);
    const officer = await platform.login('hsfg_officer');
    const path = `/api/v1/guarantees/${await guaranteeOf(officer, applicationId)}/profile`;
    const first = await platform.api(path, { token: officer });
    expect(first.status, await first.clone().text()).toBe(200);
    expect(await first.json()).toMatchObject({ grantId, caseFile: { reused: false } });
    const ended = await platform.api(`/api/v1/institution/consents/${grantId}/terminate`, { token: officer, body: { reason: '业务终止' } });
    expect(ended.status, await ended.clone().text()).toBe(200);

    const requestId = await expectRefused(await platform.api(path, { token: officer }), 'CONSENT_TERMINATED');
    expect(await refusedReads(sme)).toEqual([
      expect.objectContaining({ institution: expect.objectContaining({ id: hsfg }), reason: 'CONSENT_TERMINATED', grantId, requestId }),
    ]);
  });

  it('a guarantee company the application named no grant to', async () => {
    const sme = smes[2]!;
    const applicationId = await apply(sme, guaranteedProduct);
    // As an application from before submissions granted the company too (the demo's history):
    // its submission event names no grant to the company.
    await platform.database.knex.transaction(async (tx) => {
      await tx.raw('set local session_replication_role = replica');
      await tx('loan_application_events')
        .where({ application_id: applicationId })
        .whereRaw("jsonb_exists(details, 'guaranteeConsentGrantId')")
        .update({ details: tx.raw("details - 'guaranteeConsentGrantId'") });
    });
    const officer = await platform.login('hsfg_officer');
    const res = await platform.api(`/api/v1/guarantees/${await guaranteeOf(officer, applicationId)}/profile`, { token: officer });

    const requestId = await expectRefused(res, 'CONSENT_NOT_FOUND');
    expect(await refusedReads(sme)).toEqual([
      expect.objectContaining({ institution: expect.objectContaining({ id: hsfg }), reason: 'CONSENT_NOT_FOUND', purpose: 'loan_application', grantId: null, requestId }),
    ]);
  });
});
