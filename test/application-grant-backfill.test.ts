import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up } from '../migrations/20261222400200_application_grant_backfill.js';
import { demoEnterpriseLogin, publishedProduct } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform({ BANK_SIMULATOR: 'false' });
});
afterAll(() => platform?.close());

describe('migration: an application without its recorded grant', () => {
  it('is given its own grant, so its bank opens the case file instead of being refused its own one-time grant', async () => {
    const { knex } = platform.database;
    const sme = await platform.login(demoEnterpriseLogin(platform));
    const productId = await publishedProduct(platform, 'abc_officer');
    const created = await platform.api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '300000', termMonths: 12, purpose: '采购原材料' } });
    expect(created.status).toBe(201);
    const { application } = (await created.json()) as { application: { id: string } };
    const { consent_grant_id: grantId } = (await knex('loan_applications').where({ id: application.id }).first('consent_grant_id')) as { consent_grant_id: string };
    expect(await knex('consent_grants').where({ id: grantId }).first('fetch_type', 'application_id')).toEqual({ fetch_type: 'ONETIME', application_id: application.id });
    // As an application submitted before the grant was recorded on it.
    await knex('loan_applications').where({ id: application.id }).update({ consent_grant_id: null });

    const officer = await platform.login('abc_officer');
    const open = () => platform.api(`/api/v1/bank/loan-applications/${application.id}/profile`, { token: officer });
    const refused = await open();
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'CONSENT_HELD_FOR_APPLICATION' });

    await up(knex);
    expect(await knex('loan_applications').where({ id: application.id }).first('consent_grant_id')).toEqual({ consent_grant_id: grantId });
    const read = await open();
    expect(read.status, await read.clone().text()).toBe(200);
    expect(await read.json()).toMatchObject({ grantId, caseFile: { reused: false } });
    expect(await (await open()).json()).toMatchObject({ grantId, caseFile: { reused: true } });
  });
});
