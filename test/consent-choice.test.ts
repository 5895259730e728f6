import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { institutionId, registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { productLike, publishedProduct } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/** Consent as the enterprise chooses it: the offer, narrowing rules, the case file, the revoke truth. */
let platform: TestPlatform;
let productId: string;
let abcId: string;
let officer: string;
let smes: TestEnterprise[];

interface Offer {
  requiredScopes: string[];
  defaultScopes: string[];
  defaultFetchType: string;
  minValidDays: number;
  maxValidDays: number;
}

beforeAll(async () => {
  platform = await startTestPlatform({ BANK_SIMULATOR: 'false' });
  productId = await publishedProduct(platform, 'abc_officer');
  abcId = await institutionId(platform, 'ABC_HS');
  officer = await platform.login('abc_officer');
  smes = await registerEnterprises(platform, 3);
});
afterAll(() => platform?.close());

const REQUIRED = ['credit_lists', 'judicial', 'register'];
const apply = (token: string, consent?: unknown, product = productId) =>
  platform.api('/api/v1/loan-applications', {
    token,
    body: { productId: product, amount: '300000', termMonths: 12, purpose: '采购原材料', ...(consent ? { consent } : {}) },
  });
const grantOf = async (applicationId: string) => {
  const row = await platform.database.knex('loan_applications').where({ id: applicationId }).first('consent_grant_id');
  return platform.database.knex('consent_grants').where({ id: row.consent_grant_id }).first();
};
const logRows = async (grantId: string) =>
  Number(((await platform.database.knex('consent_access_log').where({ grant_id: grantId }).count({ n: '*' }).first()) as { n: string | number }).n);

describe('consent terms on apply and on a financing demand', () => {
  it('offers the required scopes and a small default; refuses narrowing below the required ones, naming the field', async () => {
    const res = await platform.api('/api/v1/loan-applications/consent-terms', { token: smes[0]!.token });
    expect(res.status).toBe(200);
    const offer = (await res.json()) as Offer;
    expect([...offer.requiredScopes].sort()).toEqual(REQUIRED);
    expect(offer.defaultScopes).toEqual(expect.arrayContaining(offer.requiredScopes));
    expect(offer.defaultScopes.length).toBeLessThan(13);
    expect(offer.defaultFetchType).toBe('ONETIME');

    const narrow = await apply(smes[0]!.token, { scopes: ['register', 'tax'], fetchType: 'ONETIME', validDays: 30 });
    expect(narrow.status).toBe(422);
    expect(await narrow.json()).toMatchObject({ code: 'CONSENT_SCOPE_REQUIRED', errors: [{ field: 'consent.scopes' }] });
    const tooLong = await apply(smes[0]!.token, { scopes: REQUIRED, fetchType: 'ONETIME', validDays: offer.maxValidDays + 1 });
    expect(tooLong.status).toBe(422);
    expect(await tooLong.json()).toMatchObject({ errors: [{ field: 'consent.validDays' }] });
    const unknownScope = await apply(smes[0]!.token, { scopes: [...REQUIRED, 'gossip'], fetchType: 'ONETIME', validDays: 30 });
    expect(unknownScope.status).toBe(400);
    expect(JSON.stringify(await unknownScope.json())).toContain('consent.scopes');
    expect(await platform.database.knex('loan_applications').where({ enterprise_id: smes[0]!.id }).first()).toBeUndefined();
  });

  it('grants exactly the terms chosen, in the row and in the signed artefact', async () => {
    const res = await apply(smes[0]!.token, { scopes: [...REQUIRED, 'tax'], fetchType: 'PERIODIC', validDays: 20 });
    expect(res.status).toBe(201);
    const { application } = (await res.json()) as { application: { id: string } };
    const grant = await grantOf(application.id);
    expect([...grant.scopes].sort()).toEqual([...REQUIRED, 'tax'].sort());
    expect(grant).toMatchObject({ fetch_type: 'PERIODIC', purpose: 'loan_application', grantee_institution_id: abcId });
    expect(new Date(grant.valid_until).getTime() - new Date(grant.valid_from).getTime()).toBe(20 * 86_400_000);
    const artefact = JSON.parse(grant.artefact) as { scopes: string[]; fetchType: string };
    expect(artefact).toMatchObject({ scopes: [...grant.scopes], fetchType: 'PERIODIC' });
  });

  it('carries the terms chosen when posting a demand into the grant of the bank that takes it', async () => {
    const sme = smes[1]!;
    const consent = { scopes: [...REQUIRED, 'social_security'], fetchType: 'ONETIME', validDays: 10 };
    const refused = await platform.api('/api/v1/financing-demands', {
      token: sme.token,
      body: { amount: '500000', termMonths: 12, purpose: '扩大生产', consent: { ...consent, scopes: ['tax'] } },
    });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ errors: [{ field: 'consent.scopes' }] });
    const posted = await platform.api('/api/v1/financing-demands', { token: sme.token, body: { amount: '500000', termMonths: 12, purpose: '扩大生产', consent } });
    expect(posted.status).toBe(201);
    const demand = (await posted.json()) as { id: string; consentTerms: unknown };
    expect(demand.consentTerms).toEqual({ ...consent, scopes: [...consent.scopes].sort() });
    const taken = await platform.api(`/api/v1/bank/financing-demands/${demand.id}/accept`, { token: officer, method: 'POST' });
    expect(taken.status).toBe(200);
    const { application } = (await taken.json()) as { application: { application: { id: string } } };
    const grant = await grantOf(application.application.id);
    expect([...grant.scopes].sort()).toEqual([...consent.scopes].sort());
    expect(grant).toMatchObject({ fetch_type: 'ONETIME', frequency_unit: null });
  });
});

describe('the case file (案卷) keeps a ONETIME read', () => {
  it('returns the kept snapshot on a reload and a second call, logs one read, stores it encrypted, closes it on revocation', async () => {
    const sme = smes[2]!;
    const res = await apply(sme.token, { scopes: REQUIRED, fetchType: 'ONETIME', validDays: 30 });
    const { application } = (await res.json()) as { application: { id: string } };
    const grant = await grantOf(application.id);
    const path = `/api/v1/bank/loan-applications/${application.id}/profile`;
    const [first, concurrent] = await Promise.all([platform.api(path, { token: officer }), platform.api(path, { token: officer })]);
    expect([first.status, concurrent.status]).toEqual([200, 200]);
    const firstBody = (await first.json()) as { data: Record<string, unknown>; caseFile: { keptAt: string } };
    const again = await platform.api(path, { token: officer });
    expect(again.status).toBe(200);
    const againBody = (await again.json()) as { data: Record<string, unknown>; caseFile: { keptAt: string; reused: boolean } };
    expect(againBody.data).toEqual(firstBody.data);
    expect(againBody.caseFile).toMatchObject({ reused: true, keptAt: firstBody.caseFile.keptAt });
    expect(Object.keys(againBody.data).sort()).toEqual(REQUIRED);
    expect(await logRows(grant.id)).toBe(1);

    const kept = await platform.database.knex('application_case_files').where({ application_id: application.id }).first();
    expect(kept.snapshot_enc).toMatch(/^sm4k:/);
    expect(kept.snapshot_enc).not.toContain(sme.uscc);

    expect((await platform.api(`/api/v1/consents/${grant.id}/revoke`, { token: sme.token, body: {} })).status).toBe(200);
    const closed = await platform.api(path, { token: officer });
    expect(closed.status).toBe(403);
    expect(await closed.json()).toMatchObject({ code: 'CONSENT_REVOKED' });
  });
});

describe('what revoking leaves', () => {
  it('names every other usable grant to the same institution, and each scope with until when', async () => {
    const sme = smes[0]!;
    const { id: applicationId } = (
      (await (await apply(sme.token, { scopes: REQUIRED, fetchType: 'ONETIME', validDays: 30 }, await productLike(platform, productId))).json()) as { application: { id: string } }
    ).application;
    const appGrant = await grantOf(applicationId);
    const day = 86_400_000;
    const grantTo = async (institution: string, body: Record<string, unknown>) => {
      const res = await platform.api('/api/v1/consents', { token: sme.token, body: { granteeInstitutionId: institution, ...body } });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const preCredit = await grantTo(abcId, {
      scopes: ['register', 'tax'],
      purpose: 'pre_credit',
      validUntil: new Date(Date.now() + 60 * day).toISOString(),
      fetchType: 'PERIODIC',
      frequency: { unit: 'MONTH', value: 2 },
    });
    const standing = await grantTo(abcId, {
      scopes: ['tax', 'utilities'],
      purpose: 'loan_application',
      validUntil: new Date(Date.now() + 90 * day).toISOString(),
      fetchType: 'PERIODIC',
      frequency: { unit: 'DAY', value: 1 },
    });
    const revokedOne = await grantTo(abcId, { scopes: ['permits'], purpose: 'pre_credit', validUntil: new Date(Date.now() + 30 * day).toISOString(), fetchType: 'ONETIME' });
    expect((await platform.api(`/api/v1/consents/${revokedOne}/revoke`, { token: sme.token, body: {} })).status).toBe(200);
    await grantTo(await institutionId(platform, 'CCB_HS'), { scopes: ['penalties'], purpose: 'pre_credit', validUntil: new Date(Date.now() + 30 * day).toISOString(), fetchType: 'ONETIME' });

    const res = await platform.api(`/api/v1/consents/${appGrant.id}/revocation-impact`, { token: sme.token });
    expect(res.status).toBe(200);
    const impact = (await res.json()) as {
      grantee: { id: string };
      remaining: { id: string }[];
      stillReadable: { scope: string; until: string }[];
      readsMade: number;
    };
    expect(impact.grantee.id).toBe(abcId);
    // The first application of this enterprise (PERIODIC, unread) still counts; the spent, revoked and other-bank grants do not.
    const earlier = await platform.database
      .knex('consent_grants')
      .where({ enterprise_id: sme.id, grantee_institution_id: abcId, purpose: 'loan_application', fetch_type: 'PERIODIC', status: 'ACTIVE' })
      .whereNot({ id: standing })
      .select('id', 'scopes', 'valid_until');
    expect(impact.remaining.map((g) => g.id).sort()).toEqual([preCredit, standing, ...earlier.map((g) => g.id as string)].sort());
    const until = Object.fromEntries(impact.stillReadable.map((s) => [s.scope, new Date(s.until).getTime()]));
    const standingRow = await platform.database.knex('consent_grants').where({ id: standing }).first('valid_until');
    expect(until.utilities).toBe(new Date(standingRow.valid_until).getTime());
    expect(until.tax).toBe(new Date(standingRow.valid_until).getTime());
    expect(until.permits).toBeUndefined();
    expect(until.penalties).toBeUndefined();
    expect(impact.readsMade).toBe(0);

    const other = await platform.api(`/api/v1/consents/${appGrant.id}/revocation-impact`, { token: smes[1]!.token });
    expect(other.status).toBe(404);
  });
});
