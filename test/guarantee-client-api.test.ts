import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineClient } from './helpers/access-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * A guarantee company's own system follows its book by API, as docs/bank-integration.md §6 has
 * it. Before: its clients could hold only profile:read and consents:read, so every guarantee,
 * 代偿 / 追偿 and monthly-report call answered 403 CLIENT_SCOPE_MISSING with no scope that would
 * allow it, and the company's system could only copy figures out of the portal.
 */
let platform: TestPlatform;
let officer: string;
let client: string;
let companyId: string;
let companyAdmin: string;
const DEMO_COMPANIES = { HSFG: { officer: 'hsfg_officer', admin: 'hsfg_admin' }, HBSTG_HS: { officer: 'kdd_officer', admin: 'kdd_admin' } };

beforeAll(async () => {
  platform = await startTestPlatform({ DEMO_GUARANTEE_HISTORY: 'true', DEMO_ENTITY_COUNT: '150', DEMO_CREDIT_RECORD_ENTITIES: '40', SCHEDULER_ENABLED: 'false' });
  // The company whose demo history holds a 代偿 (which company's loans defaulted before today depends on the day).
  const knex = platform.database.knex;
  companyId = String((await knex('guarantees').where({ status: 'compensated' }).orderBy('id').first('company_id')).company_id);
  const company = DEMO_COMPANIES[(await knex('institutions').where({ id: companyId }).first('code')).code as keyof typeof DEMO_COMPANIES];
  officer = await platform.login(company.officer);
  companyAdmin = company.admin;
  client = (await machineClient(platform, await platform.login(companyAdmin), ['guarantees:read'], '担保业务系统')).token;
}, 120_000);
afterAll(() => platform?.close());

const read = async (path: string, token = client) => {
  const res = await platform.api(path, { token });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return res;
};

const lastMonth = () => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const index = now.getUTCFullYear() * 12 + now.getUTCMonth() - 1;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

describe('a guarantee company\'s client with guarantees:read', () => {
  it('pages through every guarantee of its company once and reads each as its officers do', async () => {
    const knex = platform.database.knex;
    const own = (await knex('guarantees').where({ company_id: companyId }).pluck('id')).map(String);
    expect(own.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let path = '/api/v1/guarantees?limit=3';
    for (;;) {
      const page = (await (await read(path)).json()) as { items: { id: string }[]; nextBefore: string | null };
      seen.push(...page.items.map((g) => g.id));
      if (!page.nextBefore) break;
      path = `/api/v1/guarantees?limit=3&before=${page.nextBefore}`;
    }
    expect(seen.sort()).toEqual(own.sort());

    const compensated = String((await knex('guarantees').where({ company_id: companyId, status: 'compensated' }).first('id')).id);
    for (const suffix of ['', '/compensation']) {
      const mine = await (await read(`/api/v1/guarantees/${compensated}${suffix}`)).json();
      expect(mine).toEqual(await (await read(`/api/v1/guarantees/${compensated}${suffix}`, officer)).json());
    }
    // Another company's guarantee is not found, as for its officers.
    const other = String((await knex('guarantees').whereNot({ company_id: companyId }).first('id')).id);
    expect((await platform.api(`/api/v1/guarantees/${other}`, { token: client })).status).toBe(404);
  });

  it('reads the monthly report as JSON and as the workbook, and the company\'s products and capacity', async () => {
    const month = lastMonth();
    expect(await (await read(`/api/v1/guarantee-reports/monthly?month=${month}`)).json()).toEqual(
      await (await read(`/api/v1/guarantee-reports/monthly?month=${month}`, officer)).json(),
    );
    const workbook = await read(`/api/v1/guarantee-reports/monthly.xlsx?month=${month}`);
    expect(workbook.headers.get('content-type')).toMatch(/spreadsheetml/);
    const products = (await (await read('/api/v1/guarantee-products')).json()) as { items: { name: string }[] };
    expect(products.items.length).toBeGreaterThan(0);
    await read('/api/v1/guarantee-capacity');
  });

  it('records nothing: decisions, fees, 代偿 and 追偿 need the write scopes, which the refusal names', async () => {
    const pending = String((await platform.database.knex('guarantees').where({ company_id: companyId }).first('id')).id);
    for (const [path, body, scope] of [
      [`/api/v1/guarantees/${pending}/decision`, { decision: 'grant' }, 'guarantees:write'],
      [`/api/v1/guarantees/${pending}/fee-payments`, {}, 'guarantee-payments:write'],
      [`/api/v1/guarantees/${pending}/compensation`, {}, 'guarantee-payments:write'],
      [`/api/v1/guarantees/${pending}/recoveries`, {}, 'guarantee-payments:write'],
    ] as const) {
      const res = await platform.api(path, { token: client, body });
      expect(res.status, path).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'CLIENT_SCOPE_MISSING', requiredScopes: [scope] });
    }
  });
});

describe('who may hold guarantees:read', () => {
  it('is refused to a bank\'s client, and named to a guarantee client without it', async () => {
    for (const scope of ['guarantees:read', 'guarantees:write', 'guarantee-payments:write']) {
      const bank = await platform.api('/api/v1/institution/clients', { token: await platform.login('icbc_admin'), body: { name: '信贷系统', scopes: [scope] } });
      expect(bank.status, scope).toBe(422);
      expect(await bank.json()).toMatchObject({ code: 'CLIENT_SCOPE_NOT_ALLOWED', errors: [{ field: 'scopes' }] });
    }

    const profileOnly = (await machineClient(platform, await platform.login(companyAdmin), ['profile:read'], '征信系统')).token;
    const res = await platform.api('/api/v1/guarantees', { token: profileOnly });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'CLIENT_SCOPE_MISSING', requiredScopes: ['guarantees:read'] });
  });
});

describe('an application\'s one-time grant, read by API', () => {
  /**
   * Before: a company's or bank's system reading the applicant by USCC spent the application's
   * one-time grant outside the case file, and the officers' 查看企业画像 then answered
   * CONSENT_ALREADY_USED: the review had nothing to open. A guarantee company's system had no
   * other way to read it.
   */
  it('is refused by USCC (CONSENT_HELD_FOR_APPLICATION) and read through the application, again and again, by system and officers', async () => {
    const knex = platform.database.knex;
    const enterprise = await platform.login('91420281489090274M');
    const bankProduct = String((await knex('loan_products').where({ name: '再担科创贷' }).first('id')).id);
    const applied = await platform.api('/api/v1/loan-applications', {
      token: enterprise,
      body: { productId: bankProduct, amount: '500000.00', termMonths: 12, purpose: '研发投入' },
    });
    expect(applied.status, await applied.clone().text()).toBe(201);
    const applicationId = ((await applied.json()) as { application: { id: string } }).application.id;
    const guarantee = String((await knex('guarantees').where({ application_id: applicationId }).first('id', 'company_id')).id);
    const hsfgAdmin = await platform.login('hsfg_admin');
    const system = (await machineClient(platform, hsfgAdmin, ['profile:read'], '风控系统')).token;

    const byUscc = await platform.api('/api/v1/institution/enterprises/91420281489090274M/profile?purpose=loan_application&scopes=register', { token: system });
    expect(byUscc.status).toBe(403);
    expect(await byUscc.json()).toMatchObject({ code: 'CONSENT_HELD_FOR_APPLICATION' });

    for (const token of [system, system, await platform.login('hsfg_officer')]) {
      const res = await platform.api(`/api/v1/guarantees/${guarantee}/profile`, { token });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(((await res.json()) as { data: Record<string, unknown> }).data).toHaveProperty('register');
    }
  });
});

describe('a guarantee company\'s own system deciding and recording money', () => {
  /**
   * Before: a bank's system could record its officers' decisions and money by API, a guarantee
   * company's could not (no scope opened them), so every 同意担保 and 保费 made in its 担保业务系统
   * was keyed a second time in 担保工作台.
   */
  it('grants with guarantees:write and records the fee with guarantee-payments:write, under the officers\' rules, named as the client', async () => {
    const knex = platform.database.knex;
    // The application the test above made to 再担科创贷 (见保即贷): its guarantee waits for the company.
    const bankProduct = String((await knex('loan_products').where({ name: '再担科创贷' }).first('id')).id);
    const application = await knex('loan_applications').where({ product_id: bankProduct }).orderBy('created_at', 'desc').first('id');
    const guarantee = await knex('guarantees').where({ application_id: application.id }).first('id', 'status', 'fee_due');
    expect(guarantee.status).toBe('pending');
    const system = await machineClient(platform, await platform.login('hsfg_admin'), ['guarantees:write', 'guarantee-payments:write'], '担保业务系统');

    const declineBare = await platform.api(`/api/v1/guarantees/${guarantee.id}/decision`, { token: system.token, body: { decision: 'decline' } });
    expect(declineBare.status).toBe(422);
    expect(await declineBare.json()).toMatchObject({ code: 'REASON_REQUIRED' });
    const granted = await platform.api(`/api/v1/guarantees/${guarantee.id}/decision`, { token: system.token, body: { decision: 'grant' } });
    expect(granted.status, await granted.clone().text()).toBe(200);
    expect(await granted.json()).toMatchObject({ status: 'granted' });
    // A retry after a lost answer is answered as the guarantee stands; another decision is refused.
    const again = await platform.api(`/api/v1/guarantees/${guarantee.id}/decision`, { token: system.token, body: { decision: 'grant' } });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'granted' });
    const reversed = await platform.api(`/api/v1/guarantees/${guarantee.id}/decision`, { token: system.token, body: { decision: 'decline', reason: '反担保不足' } });
    expect(reversed.status).toBe(409);
    expect(await reversed.json()).toMatchObject({ code: 'GUARANTEE_NOT_PENDING' });
    const steps = await knex('loan_application_events').where({ application_id: application.id }).orderBy('id').select('actor_type', 'actor_id');
    expect(steps.filter((step: { actor_type: string }) => step.actor_type === 'client')).toEqual([{ actor_type: 'client', actor_id: system.clientId }]);

    const feeDue = String((await knex('guarantees').where({ id: guarantee.id }).first('fee_due')).fee_due);
    expect(Number(feeDue)).toBeGreaterThan(0);
    const pay = () => platform.api(`/api/v1/guarantees/${guarantee.id}/fee-payments`, { token: system.token, body: { reference: 'BF-API-1', amount: feeDue } });
    for (const attempt of [1, 2]) {
      // A retry after a lost answer changes nothing.
      const res = await pay();
      expect(res.status, `attempt ${attempt}: ${await res.clone().text()}`).toBe(200);
      expect(await res.json()).toMatchObject({ feePaid: feeDue });
    }
    // Withdrawn, so the enterprise's application does not outlive the file's tests.
    const enterprise = await platform.login('91420281489090274M');
    expect((await platform.api(`/api/v1/loan-applications/${application.id}/withdraw`, { token: enterprise, body: { reason: '资金已到位' } })).status).toBe(200);
  });

  it('a 代偿 sent again with the same figures answers the one recorded; other figures are refused', async () => {
    const knex = platform.database.knex;
    const compensated = String((await knex('guarantees').where({ company_id: companyId, status: 'compensated' }).first('id')).id);
    const recorded = (await (await read(`/api/v1/guarantees/${compensated}/compensation`, officer)).json()) as { lossAmount: string; paidOn: string };
    const system = (await machineClient(platform, await platform.login(companyAdmin), ['guarantee-payments:write'], '代偿系统')).token;
    const same = await platform.api(`/api/v1/guarantees/${compensated}/compensation`, { token: system, body: { lossAmount: recorded.lossAmount, paidOn: recorded.paidOn } });
    expect(same.status, await same.clone().text()).toBe(201);
    expect(await same.json()).toEqual(recorded);
    const other = await platform.api(`/api/v1/guarantees/${compensated}/compensation`, { token: system, body: { lossAmount: '1.00', paidOn: recorded.paidOn } });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ code: 'GUARANTEE_NOT_IN_FORCE' });
  });
});
