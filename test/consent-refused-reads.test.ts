import { describe, expect, it } from 'vitest';
import type { components } from '../src/http/generated/api.js';
import { ccb, expectDenied, grant, icbc, icbcId, platform, profile, startConsentPlatform, takeEnterprise } from './helpers/consent-platform.js';

// 查询记录 shows the enterprise the reads the consent gate refused, not only the reads it allowed.
startConsentPlatform(5);

/** A refused read as the API answers it. */
type Refused = components['schemas']['RefusedRead'];

const refusedReads = async (token: string, query = '') => {
  const res = await platform.api(`/api/v1/consents/refused-reads${query}`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { items: Refused[] }).items;
};

describe('refused reads in 查询记录', () => {
  it('lists each read the gate refused, who tried and why, newest first, and never as a read made', async () => {
    const e = takeEnterprise();
    const unconsented = await profile(e, icbc);
    await expectDenied(unconsented.clone(), 'CONSENT_NOT_FOUND');
    const g = await grant(e, { scopes: ['register'] });
    const outOfScope = await profile(e, icbc, 'purpose=loan_application&scopes=tax');
    await expectDenied(outOfScope.clone(), 'CONSENT_SCOPE_NOT_GRANTED');
    expect((await platform.api(`/api/v1/consents/${g.id}/revoke`, { token: e.token, body: {} })).status).toBe(200);
    const revoked = await profile(e, icbc);
    await expectDenied(revoked.clone(), 'CONSENT_REVOKED');

    const items = await refusedReads(e.token);
    expect(items.map((r) => r.reason)).toEqual(['CONSENT_REVOKED', 'CONSENT_SCOPE_NOT_GRANTED', 'CONSENT_NOT_FOUND']);
    expect(items.map((r) => r.requestId)).toEqual([revoked, outOfScope, unconsented].map((r) => r.headers.get('x-request-id')));
    const bank = await platform.database.knex('institutions').where({ id: icbcId }).first('name');
    for (const r of items) {
      expect(r).toMatchObject({ institution: { id: icbcId, name: bank.name }, purpose: 'loan_application', grantId: null });
      expect(r.user?.displayName).toBeTruthy();
    }
    expect(items[1]!.scopes).toEqual(['tax']);
    // A refusal read nothing: the access log, whose chain covers the reads made, holds none of them.
    const log = (await (await platform.api('/api/v1/consents/access-log', { token: e.token })).json()) as { items: unknown[] };
    expect(log.items).toHaveLength(0);
    const chain = (await (await platform.api('/api/v1/admin/consents/access-log/verify', { token: await platform.login('admin') })).json()) as { ok: boolean };
    expect(chain.ok).toBe(true);
  });

  it('filters by institution and time, and shows one enterprise none of another enterprise’s refusals', async () => {
    const [e, other] = [takeEnterprise(), takeEnterprise()];
    await expectDenied(await profile(e, icbc), 'CONSENT_NOT_FOUND');
    await expectDenied(await profile(e, ccb), 'CONSENT_NOT_FOUND');
    expect(await refusedReads(other.token)).toEqual([]);
    expect((await refusedReads(e.token, `?institutionId=${icbcId}`)).map((r) => r.institution.id)).toEqual([icbcId]);
    expect(await refusedReads(e.token)).toHaveLength(2);
    const later = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    expect(await refusedReads(e.token, `?from=${later}`)).toEqual([]);
  });

  it('is the enterprise’s alone, and refuses a bad filter naming the field', async () => {
    const e = takeEnterprise();
    expect((await platform.api('/api/v1/consents/refused-reads', { token: icbc })).status).toBe(403);
    const bad = await platform.api('/api/v1/consents/refused-reads?limit=0', { token: e.token });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors).toEqual([expect.objectContaining({ field: 'limit' })]);
  });

  it('cannot be altered or deleted', async () => {
    const e = takeEnterprise();
    await expectDenied(await profile(e, icbc), 'CONSENT_NOT_FOUND');
    const knex = platform.database.knex;
    const row = await knex('consent_refused_reads').where({ enterprise_id: e.id }).first('id');
    await expect(knex('consent_refused_reads').where({ id: row.id }).update({ reason: 'CONSENT_EXPIRED' })).rejects.toThrow(/append-only/);
    await expect(knex('consent_refused_reads').where({ id: row.id }).delete()).rejects.toThrow(/append-only/);
  });
});
