import { describe, expect, it } from 'vitest';
import { machineClient, postedDemand, submittedApplication } from './helpers/access-fixtures.js';
import { grant, icbc, icbcAdmin, icbcId, platform, startConsentPlatform, takeEnterprise } from './helpers/consent-platform.js';

/**
 * A bank paging through what it holds as docs/bank-integration.md §6 has it. Before: the grants
 * list and the 抢单大厅 had no next page (a bank could not see past the first 500 grants or 200
 * demands), and a
 * parameter an operation does not take (`page`, `offset`, a misspelt filter) was dropped, so
 * the bank was answered the first page again and could not tell.
 */
startConsentPlatform(8);

interface Page {
  items: { id: string }[];
  nextBefore?: string | null;
}

const list = async (query: string) => {
  const res = await platform.api(`/api/v1/institution/consents?${query}`, { token: icbc });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Page;
};

async function problemNaming(res: Response, field: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect((JSON.parse(text) as { errors: { field: string }[] }).errors.map((e) => e.field), text).toEqual([field]);
}

describe('the grants made to an institution, page by page', () => {
  it('walks every grant once, newest first, with nextBefore; null on the last page', async () => {
    const made: string[] = [];
    for (const scopes of [['register'], ['tax'], ['judicial']]) {
      const e = takeEnterprise();
      made.push((await grant(e, { scopes })).id, (await grant(e, { scopes, purpose: 'pre_credit' })).id);
    }
    const total = Number((await platform.database.knex('consent_grants').where({ grantee_institution_id: icbcId }).count({ n: '*' }))[0]!.n);
    const seen: string[] = [];
    let page = await list('limit=2');
    for (;;) {
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((g) => g.id));
      if (!page.nextBefore) break;
      expect(page.nextBefore).toBe(page.items.at(-1)!.id);
      page = await list(`limit=2&before=${page.nextBefore}`);
    }
    expect(page.nextBefore).toBeNull();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    expect(seen).toEqual(expect.arrayContaining(made));
    // Newest first: the last grant made opens the first page.
    expect(seen[0]).toBe(made.at(-1));
    expect((await list(`limit=${total}`)).nextBefore).toBeNull();
  });

  it('refuses a before that is not a grant of the institution, naming it', async () => {
    await problemNaming(await platform.api('/api/v1/institution/consents?before=00000000-0000-4000-8000-000000000000', { token: icbc }), 'before');
    await problemNaming(await platform.api('/api/v1/institution/consents?before=12', { token: icbc }), 'before');
  });
});

describe('the 抢单大厅, page by page', () => {
  it('walks every open demand once, oldest first, with nextAfter', async () => {
    const posted: string[] = [];
    for (let i = 0; i < 3; i++) posted.push(await postedDemand(platform, takeEnterprise().token));
    const open = async (query: string) => {
      const res = await platform.api(`/api/v1/bank/financing-demands?${query}`, { token: icbc });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as { items: { id: string }[]; nextAfter: string | null };
    };
    const seen: string[] = [];
    let page = await open('limit=1');
    for (;;) {
      seen.push(...page.items.map((d) => d.id));
      if (!page.nextAfter) break;
      page = await open(`limit=1&after=${page.nextAfter}`);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => posted.includes(id))).toEqual(posted);
    await problemNaming(await platform.api('/api/v1/bank/financing-demands?after=00000000-0000-4000-8000-000000000000', { token: icbc }), 'after');
  });
});

describe('a bank\'s loan applications, by cursor', () => {
  /**
   * Before: only page numbers, offsets into the list as it stood at each request. A bank's system
   * working through status=SUBMITTED (accepting each) asked for page 2 and skipped the page's
   * worth of applications that had moved up into page 1.
   */
  it('works through a status queue while accepting each, every application once, with nextBefore', async () => {
    const product = String((await platform.database.knex('loan_products').where({ bank_id: icbcId, status: 'published' }).first('id')).id);
    const e = takeEnterprise();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push(await submittedApplication(platform, e.token, product));
    const system = (await machineClient(platform, icbcAdmin, ['applications:read', 'applications:write'])).token;
    const list = async (query: string) => {
      const res = await platform.api(`/api/v1/bank/loan-applications?status=SUBMITTED&pageSize=2&${query}`, { token: system });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as { items: { id: string }[]; total: number; nextBefore?: string | null };
    };
    const seen: string[] = [];
    let page = await list('before=' + made.at(-1)!);
    // The cursor itself is not listed: the made applications older than the newest, newest first.
    for (;;) {
      for (const { id } of page.items) {
        seen.push(id);
        const accepted = await platform.api(`/api/v1/bank/loan-applications/${id}/accept`, { method: 'POST', token: system });
        expect(accepted.status).toBe(200);
      }
      if (!page.nextBefore) break;
      expect(page.nextBefore).toBe(page.items.at(-1)!.id);
      page = await list(`before=${page.nextBefore}`);
    }
    expect(page.nextBefore).toBeNull();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => made.includes(id))).toEqual(made.slice(0, -1).reverse());
    // Page numbers answer no nextBefore, as before; a cursor that is not the bank's is named.
    expect((await list('page=1')).nextBefore).toBeUndefined();
    await problemNaming(await platform.api('/api/v1/bank/loan-applications?before=00000000-0000-4000-8000-000000000000', { token: system }), 'before');
    await problemNaming(await platform.api(`/api/v1/bank/loan-applications?before=${made[0]}&page=2`, { token: system }), 'page');
  });
});

describe('a query parameter the operation does not take: 400 naming it', () => {
  it('on the grants list, the loan applications and the profile read', async () => {
    await problemNaming(await platform.api('/api/v1/institution/consents?page=2', { token: icbc }), 'page');
    await problemNaming(await platform.api('/api/v1/bank/loan-applications?limit=5', { token: icbc }), 'limit');
    await problemNaming(await platform.api('/api/v1/institution/consents?stauts=ACTIVE', { token: icbc }), 'stauts');
    const e = takeEnterprise();
    await problemNaming(await platform.api(`/api/v1/institution/enterprises/${e.uscc}/profile?purpose=loan_application&scope=tax`, { token: icbc }), 'scope');
    // The parameters each operation declares still work.
    expect((await platform.api('/api/v1/bank/loan-applications?page=1&pageSize=5&status=SUBMITTED', { token: icbc })).status).toBe(200);
  });
});
