import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, guaranteeProduct } from './helpers/guarantee-fixtures.js';
import { registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { eventually, publishedProduct, startPlatformWithSimulator, type SimulatedPlatform } from './helpers/lending-fixtures.js';
import { deliverTechListings } from './helpers/tech-list-fixtures.js';

// Issue 16, step 3–4: both guarantee routes end to end with the bank simulator (HBB_HS speaks
// JSON webhooks). 见保即贷: the guarantee company decides first and the bank sees nothing before;
// 见贷即保: the guarantee follows the bank's approval within the company's batch capacity.
let env: SimulatedPlatform;
let kdd: string;
let hsfg: string;
let listed: TestEnterprise;
let unlisted: TestEnterprise;
let guaranteeFirst: string;
let loanFirst: string;

interface Detail {
  application: { id: string; status: string; statusLabel: string; submittedAt: string | null };
  events: { fromStatus: string | null; toStatus: string; action: string; actorType: string; reason: string | null; occurredAt: string }[];
}

const api = (...args: Parameters<SimulatedPlatform['platform']['api']>) => env.platform.api(...args);
const apply = (sme: TestEnterprise, productId: string) =>
  api('/api/v1/loan-applications', { token: sme.token, body: { productId, amount: '300000', termMonths: 12, purpose: '研发投入' } });
const detail = async (sme: TestEnterprise, id: string) => (await (await api(`/api/v1/loan-applications/${id}`, { token: sme.token })).json()) as Detail;

beforeAll(async () => {
  env = await startPlatformWithSimulator();
  [kdd, hsfg] = await Promise.all([env.platform.login('kdd_officer'), env.platform.login('hsfg_officer')]);
  [listed, unlisted] = (await registerEnterprises(env.platform, 2)) as [TestEnterprise, TestEnterprise];
  const [p1, p2] = [
    await publishedProduct(env.platform, 'hbb_officer', { name: '科担贷（见保即贷）', guaranteeType: 'guarantee_company' }),
    await publishedProduct(env.platform, 'hbb_officer', { name: '科担贷（见贷即保）', guaranteeType: 'guarantee_company' }),
  ];
  guaranteeFirst = p1;
  loanFirst = p2;
  await created(await api('/api/v1/guarantee-products', { token: kdd, body: guaranteeProduct(p1, { route: 'guarantee_first', eligibleLists: ['high_tech'], techTier: 'high_tech' }) }));
  await created(
    await api('/api/v1/guarantee-products', {
      token: hsfg,
      body: guaranteeProduct(p2, { name: '批量担保', route: 'loan_first', templateCode: 'BG-2-8', guaranteedShareBp: 8000, autoGrantMaxAmount: '1000000.00' }),
    }),
  );
  // Room for one 80 % guarantee of 300,000 (240,000), not two.
  expect((await api('/api/v1/guarantee-capacity', { token: hsfg, method: 'PUT', body: { batchLimit: '300000.00' } })).status).toBe(200);
  await deliverTechListings(env.platform, [{ uscc: listed.uscc, list: '高新技术企业', listedOn: '2025-01-01', authority: '湖北省科学技术厅' }]);
});
afterAll(() => env?.close());

describe('见保即贷', () => {
  it('refuses an unlisted firm with its reason and keeps no application in flight', async () => {
    const res = await apply(unlisted, guaranteeFirst);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'GUARANTEE_NOT_ELIGIBLE', errors: [{ field: 'productId', message: '企业不在高新技术企业名单内（或认定已过期）' }] });
    expect(await env.platform.database.knex('guarantees').where({ enterprise_id: unlisted.id }).first()).toBeUndefined();
  });

  it('the guarantee company approves first, reads the profile under the grant, then the bank lends', async () => {
    const { application } = (await (await apply(listed, guaranteeFirst)).json()) as Detail;
    expect(application).toMatchObject({ status: 'GUARANTEE_REVIEW', statusLabel: '担保机构审核中' });
    expect(env.simulator.application(application.id)).toBeUndefined();
    // The bank's clock (its service limits, the office's figures) has not started: it has nothing yet.
    expect(application.submittedAt).toBeNull();

    const queue = (await (await api('/api/v1/guarantees?status=pending', { token: kdd })).json()) as { items: { id: string; applicationId: string; guaranteedAmount: string; feeDue: string }[] };
    const guarantee = queue.items.find((g) => g.applicationId === application.id)!;
    // 300,000 fully guaranteed at 0.8 % less a 0.3 % subsidy for 12 months.
    expect(guarantee).toMatchObject({ guaranteedAmount: '300000.00', feeDue: '1500.00' });
    // The company's own system, which decides by API, is told at its event address.
    const kddId = (await env.platform.database.knex('institutions').where({ code: 'HBSTG_HS' }).first('id')).id as string;
    const told = await env.platform.database.knex('outbox_messages').where({ topic: 'guarantee.pending', message_key: `guarantee.pending:${guarantee.id}` }).select('channel', 'target', 'payload');
    expect(told).toEqual([
      {
        channel: 'institution_webhook',
        target: kddId,
        payload: expect.objectContaining({ type: 'guarantee.pending', data: expect.objectContaining({ guaranteeId: guarantee.id, applicationId: application.id, guaranteedAmount: '300000.00', feeDue: '1500.00' }) }),
      },
    ]);
    expect((await api(`/api/v1/guarantees/${guarantee.id}`, { token: hsfg })).status).toBe(404);

    const profile = await api(`/api/v1/guarantees/${guarantee.id}/profile`, { token: kdd });
    expect(profile.status, await profile.clone().text()).toBe(200);
    const company = (await env.platform.database.knex('institutions').where({ code: 'HBSTG_HS' }).first('id')).id as string;
    const logged = await env.platform.database.knex('consent_access_log').where({ institution_id: company });
    expect(logged.length).toBeGreaterThan(0);
    // The officer sees the profile itself (as the bank's officer does), read under the grant the
    // submission made to the company for this application.
    const grant = await env.platform.database.knex('consent_grants').where({ application_id: application.id, grantee_institution_id: company }).first('id');
    const body = (await profile.json()) as { grantId: string; accessLogId: number; data: Record<string, unknown>; caseFile: { keptAt: string; reused: boolean } };
    expect(body).toMatchObject({ grantId: grant.id, accessLogId: Math.max(...logged.map((l) => Number(l.id))) });
    expect(Object.keys(body.data).length).toBeGreaterThan(0);
    // The grant is one-time: opening the profile again returns the company's case file (案卷) of
    // this application, spending nothing and logging no second read, as a bank's does.
    const again = await api(`/api/v1/guarantees/${guarantee.id}/profile`, { token: kdd });
    expect(again.status, await again.clone().text()).toBe(200);
    expect(body).toMatchObject({ caseFile: { reused: false } });
    expect(await again.json()).toEqual({ ...body, caseFile: { ...body.caseFile, reused: true } });
    expect(await env.platform.database.knex('consent_access_log').where({ institution_id: company })).toHaveLength(logged.length);

    // The bank has not been sent what the guarantee company has not granted: it neither lists,
    // reads nor acts on it (decision 0027), as for another bank's application.
    const bank = await env.platform.login('hbb_officer');
    expect((await api(`/api/v1/bank/loan-applications/${application.id}/accept`, { token: bank, body: {} })).status).toBe(404);
    expect((await api(`/api/v1/bank/loan-applications/${application.id}`, { token: bank })).status).toBe(404);
    const seen = (await (await api('/api/v1/bank/loan-applications?pageSize=100', { token: bank })).json()) as { items: { id: string }[] };
    expect(seen.items.map((a) => a.id)).not.toContain(application.id);

    const granted = await api(`/api/v1/guarantees/${guarantee.id}/decision`, { token: kdd, body: { decision: 'grant' } });
    expect(granted.status, await granted.clone().text()).toBe(200);
    // The same decision again is answered as the guarantee stands (a retry after a lost answer); another is refused.
    expect((await api(`/api/v1/guarantees/${guarantee.id}/decision`, { token: kdd, body: { decision: 'grant' } })).status).toBe(200);
    expect((await api(`/api/v1/guarantees/${guarantee.id}/decision`, { token: kdd, body: { decision: 'decline', reason: '反担保不足' } })).status).toBe(409);
    const done = await eventually(() => detail(listed, application.id), (d) => d.application.status === 'DISBURSED');
    expect(done.events.map((e) => `${e.toStatus}:${e.actorType}`)).toEqual([
      'DRAFT:enterprise',
      'GUARANTEE_REVIEW:enterprise',
      'SUBMITTED:guarantee_officer',
      'ACCEPTED:bank_system',
      'UNDER_REVIEW:bank_system',
      'APPROVED:bank_system',
      'CONTRACTED:bank_system',
      'DISBURSED:bank_system',
    ]);
    // It reached the bank on the guarantee company's grant, and the bank's clock counts from there.
    expect(done.application.submittedAt).toBe(done.events.find((e) => e.toStatus === 'SUBMITTED')!.occurredAt);
    // The bank reads under its own grant into its own case file, not the company's.
    const bankGrant = (await env.platform.database.knex('loan_applications').where({ id: application.id }).first('consent_grant_id')).consent_grant_id as string;
    const bankRead = await api(`/api/v1/bank/loan-applications/${application.id}/profile`, { token: bank });
    expect(bankRead.status, await bankRead.clone().text()).toBe(200);
    expect(await bankRead.json()).toMatchObject({ grantId: bankGrant, caseFile: { reused: false } });

    const letter = await api(`/api/v1/guarantees/${guarantee.id}/letter`, { token: kdd });
    expect(await letter.json()).toMatchObject({
      letterNo: expect.stringMatching(/^DBH-\d{4}-[0-9A-F]{8}$/),
      companyName: '湖北省科技融资担保有限公司黄石分公司',
      bankName: '湖北银行黄石分行',
      guaranteedAmount: '300000.00',
      guaranteedSharePct: '100.00',
      templateCode: 'KC60-HIGH-TECH',
      parties: [{ role: 'bank' }, { role: 'national_fund' }, { role: 'provincial_reguarantor' }, { role: 'guarantor' }],
    });

    // A payment sent twice at once (a double click, a retry after a lost answer) is counted once: its 凭证号 names it.
    const pay = (reference: string, amount: string) => api(`/api/v1/guarantees/${guarantee.id}/fee-payments`, { token: kdd, body: { reference, amount } });
    const twice = await Promise.all([pay('BF-001', '500.00'), pay('BF-001', '500.00')]);
    expect(twice.map((r) => r.status)).toEqual([200, 200]);
    expect(await twice[1]!.json()).toMatchObject({ feePaid: '500.00' });
    const reused = await pay('BF-001', '600.00');
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ code: 'FEE_REFERENCE_REUSED', errors: [{ field: 'reference' }] });
    const missing = await api(`/api/v1/guarantees/${guarantee.id}/fee-payments`, { token: kdd, body: { amount: '1000.00' } });
    expect(missing.status).toBe(400);
    expect(await (await pay('BF-002', '1000.00')).json()).toMatchObject({ feePaid: '1500.00', status: 'granted' });
    expect((await pay('BF-003', '0.01')).status).toBe(422);
    expect(await env.platform.database.knex('guarantee_fee_payments').where({ guarantee_id: guarantee.id }).orderBy('id').select('reference', 'amount')).toEqual([
      { reference: 'BF-001', amount: '500.00' },
      { reference: 'BF-002', amount: '1000.00' },
    ]);
  });

  it('leaves nothing to decide once the SME withdrew: no 待办 line, and a decision is refused as such', async () => {
    const { application } = (await (await apply(listed, guaranteeFirst)).json()) as Detail;
    const queue = (await (await api('/api/v1/guarantees?status=pending', { token: kdd })).json()) as { items: { id: string; applicationId: string }[] };
    const guarantee = queue.items.find((g) => g.applicationId === application.id)!;
    const pendingLine = async () => ((await (await api('/api/v1/me/work-queue', { token: kdd })).json()) as { items: { code: string; entries: { ref: { id: string } }[] }[] }).items.find((q) => q.code === 'guarantee_pending');
    expect((await pendingLine())?.entries.map((e) => e.ref.id)).toContain(guarantee.id);

    expect((await api(`/api/v1/loan-applications/${application.id}/withdraw`, { token: listed.token, body: { reason: '资金已落实' } })).status).toBe(200);
    expect((await pendingLine())?.entries.map((e) => e.ref.id) ?? []).not.toContain(guarantee.id);
    const refused = await api(`/api/v1/guarantees/${guarantee.id}/decision`, { token: kdd, body: { decision: 'grant' } });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'GUARANTEE_NOT_PENDING' });
  });
});

describe('见贷即保', () => {
  it('grants automatically after the bank approves, then declines once the batch capacity is used up', async () => {
    const first = ((await (await apply(listed, loanFirst)).json()) as Detail).application;
    expect(first.status).toBe('SUBMITTED');
    const lent = await eventually(() => detail(listed, first.id), (d) => d.application.status === 'DISBURSED');
    expect(lent.events.find((e) => e.action === 'confirm_guarantee')).toMatchObject({ fromStatus: 'APPROVED', toStatus: 'APPROVED', actorType: 'guarantee_system' });
    expect(await (await api('/api/v1/guarantee-capacity', { token: hsfg })).json()).toMatchObject({ batchLimit: '300000.00', used: '240000.00', left: '60000.00' });

    const second = ((await (await apply(unlisted, loanFirst)).json()) as Detail).application;
    const declined = await eventually(() => detail(unlisted, second.id), (d) => d.application.status === 'GUARANTEE_DECLINED');
    expect(declined.events.find((e) => e.action === 'decline_guarantee')).toMatchObject({ reason: '担保机构批量担保额度不足（剩余 60,000.00 元，本笔需 240,000.00 元）' });
    await env.simulator.idle();
    // The bank's later contract and disbursement reports move nothing.
    expect((await detail(unlisted, second.id)).application.status).toBe('GUARANTEE_DECLINED');
  });
});

describe('代偿 and 追偿', () => {
  it('splits a defaulted loan among the parties exactly, then splits recoveries back', async () => {
    env.simulator.setDefaultScript({ steps: [{ event: 'accepted' }, { event: 'under_review' }, { event: 'approved' }, { event: 'contracted' }, { event: 'disbursed' }, { event: 'defaulted' }] });
    const { application } = (await (await apply(listed, guaranteeFirst)).json()) as Detail;
    const queue = (await (await api('/api/v1/guarantees?status=pending', { token: kdd })).json()) as { items: { id: string; applicationId: string }[] };
    const id = queue.items.find((g) => g.applicationId === application.id)!.id;
    const early = await api(`/api/v1/guarantees/${id}/compensation`, { token: kdd, body: { lossAmount: '100000.01', paidOn: '2026-01-05' } });
    expect(early.status).toBe(409);
    expect((await api(`/api/v1/guarantees/${id}/decision`, { token: kdd, body: { decision: 'grant' } })).status).toBe(200);
    await eventually(() => detail(listed, application.id), (d) => d.application.status === 'DEFAULTED');

    // A loss above what the loan still owes (300,000 lent, nothing repaid) is refused, naming the field; nothing is kept.
    const above = await api(`/api/v1/guarantees/${id}/compensation`, { token: kdd, body: { lossAmount: '300000.01', paidOn: '2026-01-05' } });
    expect(above.status).toBe(422);
    expect(await above.json()).toMatchObject({ code: 'COMPENSATION_ABOVE_OUTSTANDING', errors: [{ field: 'lossAmount', message: '代偿损失不能超过贷款未还本金 300,000.00 元' }] });
    expect(await env.platform.database.knex('guarantees').where({ id }).first('status')).toEqual({ status: 'granted' });
    const compensated = await api(`/api/v1/guarantees/${id}/compensation`, { token: kdd, body: { lossAmount: '100000.01', paidOn: '2026-01-05' } });
    expect(compensated.status, await compensated.clone().text()).toBe(201);
    // KC60-HIGH-TECH: bank 20 / fund 35 / province 20 / guarantor 25 of 10,000,001 fen; the odd fen goes to the fund's .35 remainder.
    expect(await compensated.json()).toMatchObject({
      lossAmount: '100000.01',
      compensatedAmount: '80000.01',
      shares: [
        { role: 'bank', amount: '20000.00' },
        { role: 'national_fund', amount: '35000.01' },
        { role: 'provincial_reguarantor', amount: '20000.00' },
        { role: 'guarantor', amount: '25000.00' },
      ],
    });
    expect((await api(`/api/v1/guarantees/${id}/compensation`, { token: kdd, body: { lossAmount: '1.00', paidOn: '2026-01-05' } })).status).toBe(409);

    const recovery = { amount: '33.33', receivedOn: '2026-02-01', reference: 'ZC-001' };
    const recovered = (await (await api(`/api/v1/guarantees/${id}/recoveries`, { token: kdd, body: recovery })).json()) as { recoveries: { shares: { amount: string }[] }[] };
    // 3,333 fen: 666.6 / 1166.55 / 666.6 / 833.25 → the two fen left go to the .6 remainders, bank first.
    expect(recovered.recoveries.map((r) => r.shares.map((s) => s.amount))).toEqual([['6.67', '11.66', '6.67', '8.33']]);
    const again = (await (await api(`/api/v1/guarantees/${id}/recoveries`, { token: kdd, body: recovery })).json()) as { recoveries: unknown[] };
    expect(again.recoveries).toHaveLength(1);
    // The same reference with another amount or date is another recovery under a used number: refused, not dropped.
    for (const changed of [{ ...recovery, amount: '44.44' }, { ...recovery, receivedOn: '2026-02-02' }]) {
      const reused = await api(`/api/v1/guarantees/${id}/recoveries`, { token: kdd, body: changed });
      expect(reused.status).toBe(422);
      expect(await reused.json()).toMatchObject({ code: 'RECOVERY_REFERENCE_REUSED', errors: [{ field: 'reference' }] });
    }
    const tooMuch = await api(`/api/v1/guarantees/${id}/recoveries`, { token: kdd, body: { ...recovery, reference: 'ZC-002', amount: '99966.69' } });
    expect(tooMuch.status).toBe(422);
    expect((await tooMuch.json()).errors[0].field).toBe('amount');
  });
});

describe('担保申请受理 pages', () => {
  it('pages the queue newest first by keyset: every guarantee once, in order, under a filter too; an unknown cursor names before', async () => {
    type Page = { items: { id: string; status: string }[]; nextBefore: string | null };
    const list = async (query: string) => {
      const res = await api(`/api/v1/guarantees?${query}`, { token: kdd });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as Page;
    };
    const walk = async (filter: string) => {
      const seen: string[] = [];
      let page = await list(`${filter}&limit=2`);
      for (;;) {
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((g) => g.id));
        if (page.nextBefore === null) return seen;
        expect(page.nextBefore).toBe(page.items.at(-1)!.id);
        page = await list(`${filter}&limit=2&before=${page.nextBefore}`);
      }
    };
    const all = await list('limit=200');
    expect(all.items.length).toBeGreaterThan(2);
    expect(all.nextBefore).toBeNull();
    expect(await walk('')).toEqual(all.items.map((g) => g.id));
    const granted = all.items.filter((g) => g.status === 'granted').map((g) => g.id);
    expect(await walk('status=granted')).toEqual(granted);

    const other = (await (await api('/api/v1/guarantees?limit=1', { token: hsfg })).json()) as Page;
    for (const before of ['00000000-0000-4000-8000-000000000000', other.items[0]!.id]) {
      const res = await api(`/api/v1/guarantees?before=${before}`, { token: kdd });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ errors: [{ field: 'before' }] });
    }
    expect((await api('/api/v1/guarantees?limit=201', { token: kdd })).status).toBe(400);
  });
});

describe('解保', () => {
  it('releases the guarantee when the loan is fully repaid; 在保 follows the guaranteed share of the outstanding principal', async () => {
    expect((await api('/api/v1/guarantee-capacity', { token: hsfg, method: 'PUT', body: { batchLimit: '1000000.00' } })).status).toBe(200);
    const lend = (['accepted', 'under_review', 'approved', 'contracted', 'disbursed'] as const).map((event) => ({ event, afterMs: 50 }));
    env.simulator.setDefaultScript({ steps: [...lend, { event: 'repaid', amount: '100000.01', afterMs: 50 }] });
    const partly = ((await (await apply(listed, loanFirst)).json()) as Detail).application;
    await eventually(() => detail(listed, partly.id), (d) => d.application.status === 'REPAYING');
    env.simulator.setDefaultScript({ steps: [...lend, { event: 'repaid', afterMs: 50 }] });
    const repaid = ((await (await apply(listed, loanFirst)).json()) as Detail).application;
    await eventually(() => detail(listed, repaid.id), (d) => d.application.status === 'REPAYING');

    const rows = await env.platform.database.knex('guarantees').whereIn('application_id', [partly.id, repaid.id]).select('application_id', 'status', 'released_at');
    expect(rows.find((r) => r.application_id === partly.id)).toMatchObject({ status: 'granted', released_at: null });
    expect(rows.find((r) => r.application_id === repaid.id)).toMatchObject({ status: 'released', released_at: expect.any(Date) });
    // 240,000 from the first loan, and 80 % of the 199,999.99 still owed on this one (159,999.992 → 159,999.99); the released one frees its share.
    expect(await (await api('/api/v1/guarantee-capacity', { token: hsfg })).json()).toMatchObject({ used: '399999.99', left: '600000.01' });

    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const report = (await (await api(`/api/v1/guarantee-reports/monthly?month=${month}`, { token: hsfg })).json()) as { products: Record<string, unknown>[] };
    expect(report.products.find((p) => p.productName === '批量担保')).toMatchObject({
      newCount: 3,
      newAmount: '720000.00',
      inForceCount: 2,
      inForceBalance: '399999.99',
      released: '240000.00',
      compensated: '0.00',
      compensationRatePct: '0.00',
    });
  });
});

describe('担保业务月报', () => {
  it('reports the month per product and party, and exports it with Chinese headers', async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const report = (await (await api(`/api/v1/guarantee-reports/monthly?month=${month}`, { token: kdd })).json()) as {
      products: { productName: string; newCount: number; newAmount: string; inForceCount: number; inForceBalance: string; compensated: string; compensationRatePct: string | null; ceilingPct: string; aboveCeiling: boolean }[];
      parties: { role: string; amount: string }[];
    };
    // Two granted this month (one later compensated), one still 在保; nothing paid off yet, so 代偿率 is
    // the 代偿 over the 担保额 it released: 80,000.01 ÷ 300,000.
    expect(report.products.find((p) => p.productName === '科担贷')).toMatchObject({
      newCount: 2,
      newAmount: '600000.00',
      inForceCount: 1,
      inForceBalance: '300000.00',
      compensated: '80000.01',
      compensationRatePct: '26.67',
      ceilingPct: '5.00',
      aboveCeiling: true,
    });
    expect(report.parties.map((p) => [p.role, p.amount])).toEqual([
      ['bank', '20000.00'],
      ['national_fund', '35000.01'],
      ['provincial_reguarantor', '20000.00'],
      ['guarantor', '25000.00'],
    ]);
    expect((await api('/api/v1/guarantee-reports/monthly?month=2026-13', { token: kdd })).status).toBe(400);

    const xlsx = await api(`/api/v1/guarantee-reports/monthly.xlsx?month=${month}`, { token: kdd });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['说明', '按产品', '按分担方']);
    const sheet = book.getWorksheet('按产品')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '担保产品', '新增笔数', '新增金额（元）', '在保笔数', '在保余额（元）', '当年代偿额（元）', '当年解保额（元）', '代偿率（%）', '代偿率上限（%）', '是否超限']);
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === '科担贷')!;
    expect([row.getCell(2).value, row.getCell(3).value, row.getCell(8).value, row.getCell(10).value]).toEqual([2, 600000, '26.67', '是']);
    // The parties split the losses, the bank's own share included; the total reconciles with 当年代偿额 plus that share.
    const split = book.getWorksheet('按分担方')!;
    expect(split.getRow(1).values).toEqual([undefined, '分担方', '当年分担代偿损失（元）']);
    expect(split.getRow(split.rowCount).values).toEqual([undefined, '合计（当年代偿损失）', 100000.01]);
  });
});
