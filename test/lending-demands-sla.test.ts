import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres } from './helpers/test-database.js';
import { demoEnterpriseLogin } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;
let sme: string;
const OFFICERS = ['icbc_officer', 'ccb_officer', 'hbb_officer', 'hsrcb_officer'];

beforeAll(async () => {
  // No adapters: demand acceptance and the SLA report are platform-side only.
  platform = await startTestPlatform({ BANK_SIMULATOR: 'false', LENDING_SLA_ACCEPT_HOURS: '1' });
  sme = await platform.login(demoEnterpriseLogin(platform));
});
afterAll(() => platform?.close());

async function postDemand(amount = '200000', termMonths = 12): Promise<string> {
  const res = await platform.api('/api/v1/financing-demands', { token: sme, body: { amount, termMonths, purpose: '扩大生产' } });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('financing demands (抢单)', () => {
  it('shows a demand only to banks with a product that covers it; the winner gets an accepted application', async () => {
    const id = await postDemand('2500000', 24);
    const visible = async (officer: string) => {
      const token = await platform.login(officer);
      const list = (await (await platform.api('/api/v1/bank/financing-demands', { token })).json()) as { items: { id: string }[] };
      return list.items.some((d) => d.id === id);
    };
    // Demo products: ICBC up to 3,000,000 / 36 months; HSRCB up to 1,000,000 (CCB's 科担快贷 reaches 5,000,000).
    expect(await visible('icbc_officer')).toBe(true);
    expect(await visible('hsrcb_officer')).toBe(false);
    const hsrcb = await platform.login('hsrcb_officer');
    // Not covering the demand is a business rule (422), not a permission (403 is for who the caller is).
    const refused = await platform.api(`/api/v1/bank/financing-demands/${id}/accept`, { token: hsrcb, method: 'POST' });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { code: string }).code).toBe('DEMAND_NOT_ELIGIBLE');

    const icbc = await platform.login('icbc_officer');
    const won = await platform.api(`/api/v1/bank/financing-demands/${id}/accept`, { token: icbc, method: 'POST' });
    expect(won.status).toBe(200);
    const body = (await won.json()) as { demand: { status: string }; application: { application: { status: string; productId: null }; events: { toStatus: string }[] } };
    expect(body.demand.status).toBe('accepted');
    expect(body.application.application).toMatchObject({ status: 'ACCEPTED', productId: null });
    expect(body.application.events.map((e) => e.toStatus)).toEqual(['DRAFT', 'SUBMITTED', 'ACCEPTED']);
    expect(await visible('icbc_officer')).toBe(false);
    // The winner's retry after a lost answer (its system cannot tell) gets the same answer, not a
    // 409 saying another bank took it; another bank still gets the 409.
    const again = await platform.api(`/api/v1/bank/financing-demands/${id}/accept`, { token: icbc, method: 'POST' });
    expect(again.status).toBe(200);
    const replayed = (await again.json()) as typeof body & { application: { application: { id: string } } };
    expect(replayed.application.application.id).toBe((body as typeof replayed).application.application.id);
    expect(replayed.application.events.map((e) => e.toStatus)).toEqual(['DRAFT', 'SUBMITTED', 'ACCEPTED']);
    const late = await platform.api(`/api/v1/bank/financing-demands/${id}/accept`, { token: await platform.login('ccb_officer'), method: 'POST' });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { code: string }).code).toBe('DEMAND_ALREADY_TAKEN');
    expect((await platform.api(`/api/v1/financing-demands/${id}/withdraw`, { token: sme, method: 'POST' })).status).toBe(409);
  });

  it('keeps one open demand per enterprise: of two posted at once one is made, another is refused naming it until it is withdrawn', async () => {
    const post = (body: Record<string, unknown>) => platform.api('/api/v1/financing-demands', { token: sme, body: { termMonths: 12, purpose: '扩大生产', ...body } });
    type Refusal = { code: string; detail: string; existingId: string };
    const both = await Promise.all([post({ amount: '600000' }), post({ amount: '600000' })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const posted = (await both.find((r) => r.status === 201)!.json()) as { id: string };
    const refused = (await both.find((r) => r.status === 409)!.json()) as Refusal;
    expect(refused).toMatchObject({ code: 'DEMAND_ALREADY_OPEN', existingId: posted.id });
    expect(refused.detail).toContain('600,000.00 元');
    // Another amount, term or purpose is the same enterprise's need restated: refused too.
    const restated = await post({ amount: '800000', termMonths: 24, purpose: '购置设备' });
    expect(restated.status).toBe(409);
    expect(((await restated.json()) as Refusal).existingId).toBe(posted.id);
    expect((await platform.api(`/api/v1/financing-demands/${posted.id}/withdraw`, { token: sme, method: 'POST' })).status).toBe(200);
    const next = await post({ amount: '800000', termMonths: 24, purpose: '购置设备' });
    expect(next.status).toBe(201);
    // Withdrawn again, so the tests after this one start without an open demand.
    expect((await platform.api(`/api/v1/financing-demands/${((await next.json()) as { id: string }).id}/withdraw`, { token: sme, method: 'POST' })).status).toBe(200);
  });

  it.skipIf(!hasPostgres())('first acceptance wins when four banks accept at once (needs PostgreSQL)', async () => {
    const tokens = await Promise.all(OFFICERS.map((o) => platform.login(o)));
    for (let round = 0; round < 5; round++) {
      const id = await postDemand('300000', 12);
      const results = await Promise.all(tokens.map((token) => platform.api(`/api/v1/bank/financing-demands/${id}/accept`, { token, method: 'POST' })));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409, 409, 409]);
      const applications = await platform.database.knex('financing_demands as d').join('loan_applications as a', 'a.id', 'd.application_id').where('d.id', id);
      expect(applications).toHaveLength(1);
      const count = await platform.database.knex('loan_applications').where({ purpose: '扩大生产', amount: '300000.00' }).count({ n: '*' }).first();
      expect(Number(count?.n)).toBe(round + 1);
    }
  });
});

describe('SLA', () => {
  it('reports time to acceptance and decision per bank and product, 接单率 and overdue applications', async () => {
    const products = (await (await platform.api('/api/v1/loan-products', { token: sme })).json()) as { items: { id: string; bankName: string }[] };
    const hsrcb = products.items.find((p) => p.bankName === '黄石农村商业银行')!;
    const apply = async () =>
      ((await (await platform.api('/api/v1/loan-applications', { token: sme, body: { productId: hsrcb.id, amount: '100000', termMonths: 12, purpose: '备货' } })).json()) as {
        application: { id: string };
      }).application.id;
    // One open application per product: the handled one is decided before the slow one is made.
    const handled = await apply();
    const officer = await platform.login('hsrcb_officer');
    await platform.api(`/api/v1/bank/loan-applications/${handled}/accept`, { token: officer, body: {} });
    await platform.api(`/api/v1/bank/loan-applications/${handled}/decision`, { token: officer, body: { decision: 'reject', rejectionReason: 'POLICY_NOT_MET' } });
    const slow = await apply();
    // The slow one has waited three hours for acceptance (threshold: 1 hour).
    await platform.database.knex('loan_applications').where({ id: slow }).update({ submitted_at: new Date(Date.now() - 3 * 3_600_000) });

    expect((await platform.api('/api/v1/oversight/lending-sla', { token: sme })).status).toBe(403);
    const office = await platform.login('jrj_viewer');
    const res = await platform.api('/api/v1/oversight/lending-sla', { token: office });
    expect(res.status).toBe(200);
    const report = (await res.json()) as {
      rows: { productId: string | null; submitted: number; accepted: number; decided: number; acceptanceRate: number; overdue: number; avgHoursToAcceptance: number }[];
      overdue: { id: string; overdueFor: string }[];
    };
    const row = report.rows.find((r) => r.productId === hsrcb.id)!;
    expect(row).toMatchObject({ submitted: 2, accepted: 1, decided: 1, acceptanceRate: 0.5, overdue: 1 });
    expect(row.avgHoursToAcceptance).toBeGreaterThanOrEqual(0);
    expect(report.overdue).toContainEqual(expect.objectContaining({ id: slow, overdueFor: 'acceptance' }));
  });
});
