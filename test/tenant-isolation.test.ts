import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentTo, machineClient, postedDemand, publishedProductOf, submittedApplication } from './helpers/access-fixtures.js';
import { institutionId, registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { productInput } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/** Today in Shanghai: a disbursement may not be dated before the approval recorded today. */
const shanghaiToday = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

let platform: TestPlatform;
let a: TestEnterprise;
let b: TestEnterprise;
let icbc: string;
let ccb: string;
let hsfg: string;
/** The 机构管理员 of ICBC, CCB and HSFG: they administer the machine clients. */
let icbcAdmin: string;
let ccbAdmin: string;
let hsfgAdmin: string;
let admin: string;
let icbcProduct: string;
let ids: Record<'ICBC_HS' | 'CCB_HS' | 'HSFG' | 'HBSTG_HS', string>;

beforeAll(async () => {
  // No bank adapters: applications move only when a caller moves them.
  platform = await startTestPlatform({ BANK_SIMULATOR: 'false', SCHEDULER_ENABLED: 'false' });
  [icbc, ccb, hsfg, admin] = (await Promise.all(['icbc_officer', 'ccb_officer', 'hsfg_officer', 'admin'].map((u) => platform.login(u)))) as [string, string, string, string];
  [icbcAdmin, ccbAdmin, hsfgAdmin] = (await Promise.all(['icbc_admin', 'ccb_admin', 'hsfg_admin'].map((u) => platform.login(u)))) as [string, string, string];
  [a, b] = (await registerEnterprises(platform, 2)) as [TestEnterprise, TestEnterprise];
  const codes = ['ICBC_HS', 'CCB_HS', 'HSFG', 'HBSTG_HS'] as const;
  ids = Object.fromEntries(await Promise.all(codes.map(async (c) => [c, await institutionId(platform, c)]))) as typeof ids;
  icbcProduct = await publishedProductOf(platform, 'ICBC_HS');
});
afterAll(() => platform?.close());

type Problem = { code: string };
const status = async (path: string, token?: string, init: { method?: string; body?: unknown } = {}) => (await platform.api(path, { token, ...init })).status;

describe('machine-client scopes everywhere (issue 11, defect 1)', () => {
  it('a client with only consents:read cannot accept, decide, disburse, create products or take demands', async () => {
    const application = await submittedApplication(platform, a.token, icbcProduct);
    const demand = await postedDemand(platform, b.token);
    const narrow = await machineClient(platform, icbcAdmin, ['consents:read']);
    const attempts: [string, string, unknown][] = [
      ['POST', `/api/v1/bank/loan-applications/${application}/accept`, {}],
      ['POST', `/api/v1/bank/loan-applications/${application}/decision`, { decision: 'approve', approvedAmount: '300000', approvedRate: '3.65', approvedTermMonths: 12 }],
      ['POST', `/api/v1/bank/loan-applications/${application}/disbursements`, { reference: 'T1', amount: '100000', occurredOn: shanghaiToday }],
      ['POST', `/api/v1/bank/loan-applications/${application}/repayments`, { reference: 'R1', amount: '1000', occurredOn: shanghaiToday }],
      ['GET', `/api/v1/bank/loan-applications/${application}`, undefined],
      ['GET', '/api/v1/bank/loan-applications', undefined],
      ['POST', '/api/v1/loan-products', productInput()],
      ['GET', '/api/v1/bank/financing-demands', undefined],
      ['POST', `/api/v1/bank/financing-demands/${demand}/accept`, {}],
      ['GET', '/api/v1/institution/webhook', undefined],
      ['GET', '/api/v1/institutions', undefined],
      ['GET', '/api/v1/me', undefined],
      ['GET', '/api/v1/no-such-route', undefined],
    ];
    for (const [method, path, body] of attempts) {
      const res = await platform.api(path, { method, token: narrow.token, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as Problem).code).toBe('CLIENT_SCOPE_MISSING');
    }
    const untouched = await platform.api(`/api/v1/loan-applications/${application}`, { token: a.token });
    expect(((await untouched.json()) as { application: { status: string } }).application.status).toBe('SUBMITTED');
    expect((await platform.api(`/api/v1/financing-demands`, { token: b.token }).then((r) => r.json())) as unknown).toMatchObject({
      items: [{ id: demand, status: 'open' }],
    });
    expect(await status('/api/v1/institution/consents', narrow.token)).toBe(200);
  });

  it('the scopes that list an operation allow it, and the timeline names the machine client, not a person', async () => {
    const application = await submittedApplication(platform, a.token, icbcProduct);
    const writer = await machineClient(platform, icbcAdmin, ['applications:read', 'applications:write', 'loans:write'], '工行信贷中台');
    const call = (path: string, body: unknown) => platform.api(`/api/v1/bank/loan-applications/${application}${path}`, { token: writer.token, body });
    expect((await call('/accept', {})).status).toBe(200);
    expect((await call('/decision', { decision: 'approve', approvedAmount: '300000', approvedRate: '3.65', approvedTermMonths: 12 })).status).toBe(200);
    const disbursed = await call('/disbursements', { reference: 'T1', amount: '300000', occurredOn: shanghaiToday });
    expect(disbursed.status, await disbursed.clone().text()).toBe(200);
    const detail = (await (await platform.api(`/api/v1/loan-applications/${application}`, { token: a.token })).json()) as {
      events: { actorType: string; actorName: string | null; toStatus: string }[];
    };
    const bankMoves = detail.events.filter((e) => ['ACCEPTED', 'UNDER_REVIEW', 'APPROVED', 'CONTRACTED', 'DISBURSED'].includes(e.toStatus));
    expect(bankMoves.length).toBeGreaterThanOrEqual(4);
    for (const e of bankMoves) expect(e).toMatchObject({ actorType: 'client', actorName: '工行信贷中台' });
    const terminator = await machineClient(platform, icbcAdmin, ['consents:read'], '授权管理系统');
    const grant = await consentTo(platform, a.token, ids.ICBC_HS);
    const ended = await platform.api(`/api/v1/institution/consents/${grant}/terminate`, { token: terminator.token, body: {} });
    expect(((await ended.json()) as { endedBy: unknown }).endedBy).toEqual({ kind: 'institution', id: terminator.clientId, name: '授权管理系统', machineClient: true });
    const rows = await platform.database.knex('loan_application_events').where({ application_id: application, actor_type: 'client' });
    expect(new Set(rows.map((r: { actor_id: string }) => r.actor_id))).toEqual(new Set([writer.clientId]));

    const reader = await machineClient(platform, icbcAdmin, ['profile:read']);
    const profile = await platform.api(`/api/v1/bank/loan-applications/${application}/profile`, { token: reader.token });
    expect(profile.status, await profile.clone().text()).toBe(200);
    const [logged] = await platform.database.knex('consent_access_log').where({ request_id: profile.headers.get('x-request-id') });
    expect(logged).toMatchObject({ client_id: reader.clientId, user_id: null });
  });

  it('a guarantee company cannot give its client a lending scope', async () => {
    const res = await platform.api('/api/v1/institution/clients', { token: hsfgAdmin, body: { name: '担保系统', scopes: ['consents:read', 'loans:write'] } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).code).toBe('CLIENT_SCOPE_NOT_ALLOWED');
  });
});

describe('cross-tenant reads', () => {
  it('enterprise A never reads B: applications, consents, profile', async () => {
    const applicationOfB = await submittedApplication(platform, b.token, icbcProduct);
    const consentOfB = await consentTo(platform, b.token, ids.CCB_HS);
    expect(await status(`/api/v1/loan-applications/${applicationOfB}`, a.token)).toBe(404);
    expect(await status(`/api/v1/loan-applications/${applicationOfB}/submit`, a.token, { method: 'POST' })).toBe(404);
    expect(await status(`/api/v1/loan-applications/${applicationOfB}/withdraw`, a.token, { body: { reason: '不需要了' } })).toBe(404);
    expect(await status(`/api/v1/consents/${consentOfB}`, a.token)).toBe(404);
    expect(await status(`/api/v1/consents/${consentOfB}/revoke`, a.token, { body: {} })).toBe(404);
    const mine = (await (await platform.api('/api/v1/loan-applications', { token: a.token })).json()) as { items: { id: string }[] };
    expect(mine.items.map((i) => i.id)).not.toContain(applicationOfB);
    const consents = (await (await platform.api('/api/v1/consents', { token: a.token })).json()) as { items: { id: string }[] };
    expect(consents.items.map((i) => i.id)).not.toContain(consentOfB);
    const own = (await (await platform.api('/api/v1/me/profile', { token: a.token })).json()) as { uscc: string };
    expect(own.uscc).toBe(a.uscc);
    // An enterprise cannot reach another's profile through the institution route either.
    expect(await status(`/api/v1/institution/enterprises/${b.uscc}/profile?purpose=loan_application`, a.token)).toBe(403);
  });

  it('bank A never reads bank B: applications, grants, draft products', async () => {
    const applicationAtIcbc = await submittedApplication(platform, a.token, icbcProduct);
    const grantToIcbc = await consentTo(platform, a.token, ids.ICBC_HS);
    for (const token of [ccb, (await machineClient(platform, ccbAdmin, ['applications:read', 'applications:write', 'consents:read', 'profile:read'])).token]) {
      expect(await status(`/api/v1/bank/loan-applications/${applicationAtIcbc}`, token)).toBe(404);
      expect(await status(`/api/v1/bank/loan-applications/${applicationAtIcbc}/profile`, token)).toBe(404);
      expect(await status(`/api/v1/bank/loan-applications/${applicationAtIcbc}/accept`, token, { body: {} })).toBe(404);
      const list = (await (await platform.api('/api/v1/bank/loan-applications?pageSize=100', { token })).json()) as { items: { id: string }[] };
      expect(list.items.map((i) => i.id)).not.toContain(applicationAtIcbc);
      expect(await status(`/api/v1/consents/${grantToIcbc}`, token)).toBe(404);
      expect(await status(`/api/v1/institution/consents/${grantToIcbc}/terminate`, token, { body: {} })).toBe(404);
      const grants = (await (await platform.api('/api/v1/institution/consents', { token })).json()) as { items: { id: string }[] };
      expect(grants.items.map((g) => g.id)).not.toContain(grantToIcbc);
      expect(await status(`/api/v1/institution/enterprises/${a.uscc}/profile?purpose=loan_application`, token)).toBe(403);
    }
  });

  it('a guarantee company sees only the grants made to it, and no bank business', async () => {
    const toHsfg = await consentTo(platform, a.token, ids.HSFG);
    const toOther = await consentTo(platform, b.token, ids.HBSTG_HS);
    const grants = (await (await platform.api('/api/v1/institution/consents', { token: hsfg })).json()) as { items: { id: string }[] };
    expect(grants.items.map((g) => g.id)).toContain(toHsfg);
    expect(grants.items.map((g) => g.id)).not.toContain(toOther);
    expect(await status(`/api/v1/consents/${toOther}`, hsfg)).toBe(404);
    expect(await status(`/api/v1/institution/enterprises/${a.uscc}/profile?purpose=loan_application`, hsfg)).toBe(200);
    expect(await status(`/api/v1/institution/enterprises/${b.uscc}/profile?purpose=loan_application`, hsfg)).toBe(403);
    expect(await status('/api/v1/bank/loan-applications', hsfg)).toBe(403);
    expect(await status('/api/v1/bank/financing-demands', hsfg)).toBe(403);
  });
});

describe('files sent to what is not the sender’s', () => {
  it("an upload to another enterprise's application or objection is answered 404 before its file is read", async () => {
    const applicationOfB = await submittedApplication(platform, b.token, icbcProduct);
    const upload = (path: string) =>
      fetch(`${platform.url}${path}?fileName=${encodeURIComponent('材料.pdf')}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/pdf' },
        // Past every route's own limit: a read of it answers 413.
        body: new Uint8Array(6 * 1024 * 1024),
      });
    // Before, the file was read (or refused as too large, 413) before the owner was looked at.
    for (const path of [`/api/v1/loan-applications/${applicationOfB}/documents`, '/api/v1/me/credit-objections/00000000-0000-4000-8000-000000000000/attachments']) {
      const res = await upload(path);
      expect(res.status, path).toBe(404);
      await res.arrayBuffer();
    }
  });
});

describe('drafts and foreign objects (issue 11, smaller defects)', () => {
  it("another bank's draft product is 404 to everyone but its bank and the admin", async () => {
    const created = await platform.api('/api/v1/loan-products', { token: icbc, body: productInput({ name: '工行草稿' }) });
    const draft = ((await created.json()) as { id: string }).id;
    expect(await status(`/api/v1/loan-products/${draft}`)).toBe(404);
    expect(await status(`/api/v1/loan-products/${draft}`, a.token)).toBe(404);
    expect(await status(`/api/v1/loan-products/${draft}`, ccb)).toBe(404);
    expect(await status(`/api/v1/loan-products/${draft}`, hsfg)).toBe(404);
    expect(await status(`/api/v1/loan-products/${draft}`, icbc)).toBe(200);
    expect(await status(`/api/v1/loan-products/${draft}`, admin)).toBe(200);
    const ccbList = (await (await platform.api('/api/v1/loan-products', { token: ccb })).json()) as { items: { id: string }[] };
    expect(ccbList.items.map((p) => p.id)).not.toContain(draft);
  });

  it('an object of another tenant answers 404 before any state check, not 409', async () => {
    const created = await platform.api('/api/v1/loan-products', { token: icbc, body: productInput({ name: '工行草稿二' }) });
    const draft = ((await created.json()) as { id: string }).id;
    const foreignEdit = await platform.api(`/api/v1/loan-products/${draft}`, { method: 'PUT', token: ccb, body: productInput() });
    expect(foreignEdit.status).toBe(404);
    expect(((await foreignEdit.json()) as Problem).code).toBe('PRODUCT_NOT_FOUND');
    // The owner still gets 409 once the product is no longer a draft.
    expect(await status(`/api/v1/loan-products/${draft}/publish`, admin, { body: { revision: 1 } })).toBe(200);
    expect(await status(`/api/v1/loan-products/${draft}`, icbc, { method: 'PUT', body: productInput() })).toBe(409);

    // A's demand: B still has the open one of the first test, and an enterprise has one open at a time.
    const demandOfA = await postedDemand(platform, a.token);
    const foreignWithdraw = await platform.api(`/api/v1/financing-demands/${demandOfA}/withdraw`, { method: 'POST', token: b.token });
    expect(foreignWithdraw.status).toBe(404);
    expect(((await foreignWithdraw.json()) as Problem).code).toBe('DEMAND_NOT_FOUND');
    expect(await status(`/api/v1/financing-demands/${demandOfA}/withdraw`, a.token, { method: 'POST' })).toBe(200);
    expect(await status(`/api/v1/financing-demands/${demandOfA}/withdraw`, a.token, { method: 'POST' })).toBe(409);
  });

  it("another department's record answers a notice as a key no one delivered does: 404, not whether it exists", async () => {
    const { knex } = platform.database;
    const record = (await knex('tax_payment_records').first(knex.raw(`uscc || '|' || period || '|' || tax_type as record_key`))) as { record_key: string };
    const notice = (recordKey: string) => ({ category: 'tax_payments', recordKey, kind: 'repair', noticeNo: '修复〔2026〕T1号', reason: '已完成信用修复' });
    const court = await platform.login('court_feed');
    const foreign = await platform.api('/api/v1/ingestion/notices', { token: court, body: notice(record.record_key) });
    const unknown = await platform.api('/api/v1/ingestion/notices', { token: court, body: notice(`${record.record_key}-none`) });
    expect([foreign.status, ((await foreign.json()) as Problem).code]).toEqual([404, 'RECORD_NOT_FOUND']);
    expect([unknown.status, ((await unknown.json()) as Problem).code]).toEqual([404, 'RECORD_NOT_FOUND']);
    expect(await knex('tax_payment_records').where(knex.raw(`uscc || '|' || period || '|' || tax_type = ?`, [record.record_key])).first('status')).toEqual({ status: 'active' });
  });

  it("another institution's person answers a 机构管理员 as an unknown id does: 404, not whether the id is a person's", async () => {
    const { id } = (await platform.database.knex('users').where({ username: 'ccb_officer' }).first('id')) as { id: string };
    const setStatus = (userId: string) => platform.api(`/api/v1/people/${userId}/status`, { method: 'PATCH', token: icbcAdmin, body: { status: 'disabled' } });
    const foreign = await setStatus(id);
    const unknown = await setStatus(crypto.randomUUID());
    expect([foreign.status, ((await foreign.json()) as Problem).code]).toEqual([404, 'PERSON_NOT_FOUND']);
    expect([unknown.status, ((await unknown.json()) as Problem).code]).toEqual([404, 'PERSON_NOT_FOUND']);
    expect(await platform.database.knex('users').where({ id }).first('status')).toEqual({ status: 'active' });
    // An officer who administers nobody is refused for what they are, before any id is looked at.
    const officer = await platform.api(`/api/v1/people/${id}/status`, { method: 'PATCH', token: icbc, body: { status: 'disabled' } });
    expect([officer.status, ((await officer.json()) as Problem).code]).toEqual([403, 'NOT_INSTITUTION_ADMIN']);
  });
});
