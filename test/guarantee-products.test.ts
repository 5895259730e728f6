import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitLoss, splitRecovery, type RiskTemplate } from '../src/guarantees/risk-sharing.js';
import { guaranteeProduct } from './helpers/guarantee-fixtures.js';
import { registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { publishedProduct } from './helpers/lending-fixtures.js';
import { deliverTechListings } from './helpers/tech-list-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

// Issue 16, steps 1–2: the seeded risk-sharing templates, guarantee products tied to bank
// products with the 60号 checks, a company's batch capacity, and eligibility from the ingested
// tech-firm lists with its reasons.
let platform: TestPlatform;
let admin: string;
let kdd: string;
let sme: TestEnterprise;
let loanProduct: string;

const problem = async (res: Response) => (await res.json()) as { code: string; errors: { field: string }[] };

const productInput = (overrides: Record<string, unknown> = {}) =>
  guaranteeProduct(loanProduct, {
    name: '科担贷（见保即贷）',
    route: 'guarantee_first',
    eligibleLists: ['high_tech', 'specialised'],
    techTier: 'high_tech',
    counterGuarantees: ['ip_pledge'],
    counterGuaranteeFreeUpTo: '100000.00',
    ...overrides,
  });

beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false' });
  [admin, kdd] = await Promise.all([platform.login('admin'), platform.login('kdd_officer')]);
  [sme] = (await registerEnterprises(platform, 1)) as [TestEnterprise];
  loanProduct = await publishedProduct(platform, 'hbb_officer', { name: '科担贷测试', guaranteeType: 'guarantee_company' });
});
afterAll(() => platform?.close());

describe('risk-sharing templates', () => {
  it('seeds the sourced templates, each exact to the fen on awkward amounts', async () => {
    const res = await platform.api('/api/v1/guarantee-templates', { token: kdd });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: RiskTemplate[] };
    expect(items.map((t) => t.code)).toEqual(expect.arrayContaining(['HB-4321-2021', 'HB-4321-2019-XN', 'HB-4222-TECH', 'KC60-SPECIALISED', 'KC60-HIGH-TECH', 'KC60-TECH-SME', 'BG-2-8']));
    for (const t of items) {
      expect(t.source).toMatch(/\[(SRC|SRC-2|MEM|INF)/);
      for (const fen of [1n, 7n, 10001n, 123456789n, 999999999999n]) {
        expect(splitLoss(t, fen, 10000).reduce((s, p) => s + p.fen, 0n), t.code).toBe(fen);
        expect(splitRecovery(t, fen, 10000).reduce((s, p) => s + p.fen, 0n), t.code).toBe(fen);
      }
    }
  });

  it('lets the admin add a template and refuses one against 60号, naming the field', async () => {
    const template = {
      code: 'TEST-3-7',
      name: '测试 3:7',
      parties: [
        { role: 'bank', label: '合作银行', shareBp: 3000 },
        { role: 'guarantor', label: '担保机构', shareBp: 7000 },
      ],
      recoveryShareBp: null,
      basis: 'loan_amount',
      source: '测试数据 [INF]',
    };
    expect((await platform.api('/api/v1/guarantee-templates', { token: admin, body: template })).status).toBe(201);
    expect((await platform.api('/api/v1/guarantee-templates', { token: admin, body: template })).status).toBe(409);
    const lowBank = {
      ...template,
      code: 'TEST-FUND',
      parties: [
        { role: 'bank', label: '合作银行', shareBp: 1000 },
        { role: 'national_fund', label: '国家融资担保基金', shareBp: 3000 },
        { role: 'guarantor', label: '担保机构', shareBp: 6000 },
      ],
    };
    const refused = await platform.api('/api/v1/guarantee-templates', { token: admin, body: lowBank });
    expect(refused.status).toBe(422);
    expect(await problem(refused)).toMatchObject({ code: 'RISK_TEMPLATE_INVALID', errors: [{ field: 'parties', code: 'BANK_SHARE_TOO_LOW' }] });
  });
});

describe('guarantee products', () => {
  it('refuses a fee above the cap in force, a tier the template exceeds and a 见贷即保 product without its auto-grant limit', async () => {
    const res = await platform.api('/api/v1/guarantee-products', {
      token: kdd,
      body: productInput({ feeRate: '1.20', techTier: 'tech_sme', route: 'loan_first' }),
    });
    expect(res.status).toBe(422);
    expect((await problem(res)).errors.map((e) => e.field).sort()).toEqual(['autoGrantMaxAmount', 'feeRate', 'templateCode']);
  });

  it('ties a product to the bank product once, and the company sees it in its list', async () => {
    const created = await platform.api('/api/v1/guarantee-products', { token: kdd, body: productInput() });
    expect(created.status).toBe(201);
    const product = (await created.json()) as { id: string; companyName: string; bankName: string; route: string };
    expect(product).toMatchObject({ companyName: '湖北省科技融资担保有限公司黄石分公司', bankName: '湖北银行黄石分行', route: 'guarantee_first' });
    expect((await platform.api('/api/v1/guarantee-products', { token: kdd, body: productInput() })).status).toBe(409);
    const own = (await (await platform.api('/api/v1/guarantee-products', { token: kdd })).json()) as { items: { id: string }[] };
    expect(own.items.map((p) => p.id)).toContain(product.id);
    const other = (await (await platform.api('/api/v1/guarantee-products', { token: await platform.login('hsfg_officer') })).json()) as { items: { id: string }[] };
    expect(other.items.map((p) => p.id)).not.toContain(product.id);
  });

  it('lets the company change its product under the same checks, but not the bank product or another company\'s product', async () => {
    const own = (await (await platform.api('/api/v1/guarantee-products', { token: kdd })).json()) as { items: { id: string; loanProductId: string }[] };
    const id = own.items.find((p) => p.loanProductId === loanProduct)!.id;
    const put = (body: unknown, token = kdd) => platform.api(`/api/v1/guarantee-products/${id}`, { token, method: 'PUT', body });
    const refused = await put(productInput({ feeRate: '1.20', loanProductId: sme.id }));
    expect(refused.status).toBe(422);
    expect((await problem(refused)).errors.map((e) => e.field)).toEqual(['loanProductId', 'feeRate']);
    expect((await put(productInput({ feeRate: '0.70' }), await platform.login('hsfg_officer'))).status).toBe(404);
    const changed = await put(productInput({ feeRate: '0.70', maxTermMonths: 24 }));
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect(await changed.json()).toMatchObject({ id, feeRate: '0.7000', maxTermMonths: 24, loanProductId: loanProduct });
    expect((await put(productInput({ maxTermMonths: 36 }))).status).toBe(200);
  });

  it('tells an unlisted firm why it does not qualify, and qualifies it once the list arrives', async () => {
    const { items } = (await (await platform.api('/api/v1/guarantee-products', { token: sme.token })).json()) as { items: { id: string; loanProductId: string }[] };
    const product = items.find((p) => p.loanProductId === loanProduct)!;
    const ask = async (amount: string) =>
      (await (await platform.api(`/api/v1/guarantee-products/${product.id}/eligibility?amount=${amount}&termMonths=24`, { token: sme.token })).json()) as {
        eligible: boolean;
        reasons: string[];
        counterGuaranteesRequired: string[];
      };
    expect(await ask('1000000.00')).toEqual({ eligible: false, reasons: ['企业不在高新技术企业、专精特新中小企业名单内（或认定已过期）'], counterGuaranteesRequired: ['ip_pledge'] });
    await deliverTechListings(platform, [{ uscc: sme.uscc, list: 'high_tech', listedOn: '2025-01-01', authority: '湖北省科学技术厅' }]);
    expect(await ask('1000000.00')).toEqual({ eligible: true, reasons: [], counterGuaranteesRequired: ['ip_pledge'] });
    expect((await ask('100000.00')).counterGuaranteesRequired).toEqual([]);
    expect((await ask('6000000.00')).reasons).toEqual(['本笔担保后单户在保余额 6,000,000.00 元将超过上限 5,000,000.00 元']);
  });

  it('keeps the terms a live guarantee runs on: 409 naming each changed term, other fields still editable', async () => {
    const own = (await (await platform.api('/api/v1/guarantee-products', { token: kdd })).json()) as { items: { id: string; loanProductId: string }[] };
    const id = own.items.find((p) => p.loanProductId === loanProduct)!.id;
    const put = (body: unknown) => platform.api(`/api/v1/guarantee-products/${id}`, { token: kdd, method: 'PUT', body });
    // No guarantee yet: the terms may change.
    expect((await put(productInput({ feeRate: '0.90' }))).status).toBe(200);
    const applied = await platform.api('/api/v1/loan-applications', { token: sme.token, body: { productId: loanProduct, amount: '300000', termMonths: 12, purpose: '研发投入' } });
    expect(applied.status, await applied.clone().text()).toBe(201);
    const refused = await put(productInput({ feeRate: '0.70', templateCode: 'KC60-SPECIALISED', techTier: 'specialised', guaranteedShareBp: 9000 }));
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { code: string; detail: string; errors: { field: string; message: string }[] };
    expect(body).toMatchObject({ code: 'GUARANTEE_TERMS_IN_USE' });
    expect(body.errors.map((e) => e.field)).toEqual(['templateCode', 'guaranteedShareBp', 'feeRate']);
    expect(body.detail).toBe('该产品下有 1 笔担保按现有条款执行，风险分担模板、担保比例、担保费率不能修改；如需新条款，请新建担保产品');
    expect((await (await platform.api(`/api/v1/guarantee-products`, { token: kdd })).json()).items.find((p: { id: string }) => p.id === id)).toMatchObject({
      feeRate: '0.9000',
      templateCode: 'KC60-HIGH-TECH',
      guaranteedShareBp: 10000,
    });
    // The same terms (written another way) with another term limit are fine.
    expect((await put(productInput({ feeRate: '0.9', maxTermMonths: 24 }))).status).toBe(200);
  });

  it('keeps a company batch limit with what is used and left', async () => {
    const put = await platform.api('/api/v1/guarantee-capacity', { token: kdd, method: 'PUT', body: { batchLimit: '200000000.00' } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ batchLimit: '200000000.00', used: '0.00', left: '200000000.00' });
    const bad = await platform.api('/api/v1/guarantee-capacity', { token: kdd, method: 'PUT', body: { batchLimit: '-1' } });
    expect(bad.status).toBe(400);
    expect((await problem(bad)).errors[0]!.field).toBe('batchLimit');
  });
});

describe('创业担保贷款贴息测算', () => {
  it('computes the schedule under the generation of the issue date, and refuses principal that does not add up', async () => {
    const sme = await platform.login(platform.demo!.accounts.find((a) => a.role === 'enterprise')!.username);
    const body = { issueDate: '2023-03-01', amount: '300000.00', ratePct: '3.65', periods: [1, 2, 3].map(() => ({ months: 1, principal: '100000.00' })) };
    const res = await platform.api('/api/v1/startup-loans/subsidy-schedule', { token: sme, body });
    expect(res.status, await res.clone().text()).toBe(200);
    const schedule = (await res.json()) as { policyCode: string; lprPct: string; rows: { subsidy: string }[] };
    expect(schedule).toMatchObject({ policyCode: 'CN-2022', lprPct: '3.65' });
    expect(schedule.rows.map((r) => r.subsidy)).toEqual(['456.25', '304.17', '152.08']);
    const short = await platform.api('/api/v1/startup-loans/subsidy-schedule', { token: sme, body: { ...body, periods: body.periods.slice(1) } });
    expect(short.status).toBe(422);
    expect((await problem(short)).errors[0]).toMatchObject({ field: 'periods', message: '各期还本合计 200,000.00 元，应等于贷款金额 300,000.00 元' });
    const huge = await platform.api('/api/v1/startup-loans/subsidy-schedule', { token: sme, body: { ...body, amount: '100000000000.01' } });
    expect((await problem(huge)).errors[0]).toMatchObject({ field: 'amount', message: '贷款金额不能超过 100,000,000,000.00 元' });
    expect((await platform.api('/api/v1/startup-loans/subsidy-schedule', { token: sme, body: { ...body, issueDate: '2020-06-01' } })).status).toBe(422);
  });
});

describe('动产担保登记', () => {
  it('the bank records a 中登网 registration on its application; excluded kinds are pointed to their registry', async () => {
    const product = await publishedProduct(platform, 'abc_officer', { name: '设备抵押贷', guaranteeType: 'mortgage' });
    const applied = await platform.api('/api/v1/loan-applications', { token: sme.token, body: { productId: product, amount: '500000', termMonths: 12, purpose: '购置设备' } });
    const id = ((await applied.json()) as { application: { id: string } }).application.id;
    const bank = await platform.login('abc_officer');
    const url = `/api/v1/bank/loan-applications/${id}/movable-collateral`;
    const registration = {
      kind: 'equipment_mortgage',
      registrationNo: '06330987000123456789',
      registeredOn: '2026-11-30',
      termMonths: 24,
      description: '数控机床两台（型号 VMC850）',
      searchResult: 'no_prior_registration',
    };
    const res = await platform.api(url, { token: bank, body: registration });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ items: [{ ...registration, searchNote: null }] });
    expect(((await (await platform.api(url, { token: bank, body: registration })).json()) as { items: unknown[] }).items).toHaveLength(1);
    // The same 登记证明编号 with other content is not the same registration: refused, not dropped in silence.
    const changed = await platform.api(url, { token: bank, body: { ...registration, termMonths: 36 } });
    expect(changed.status).toBe(422);
    expect(await changed.json()).toMatchObject({ code: 'REGISTRATION_NO_REUSED', errors: [{ field: 'registrationNo' }] });
    expect((await (await platform.api(url, { token: bank })).json()) as { items: unknown[] }).toEqual({ items: [{ ...registration, searchNote: null }] });
    const badTerm = await platform.api(url, { token: bank, body: { ...registration, termMonths: 361 } });
    expect(badTerm.status).toBe(400);
    expect((await problem(badTerm)).errors[0]!.field).toBe('termMonths');
    const vehicle = await platform.api(url, { token: bank, body: { ...registration, kind: 'motor_vehicle' } });
    expect(vehicle.status).toBe(422);
    expect((await vehicle.json()) as { errors: { message: string }[] }).toMatchObject({ errors: [{ field: 'kind', message: '机动车抵押：向车辆管理所（公安交管）办理' }] });
    expect((await platform.api(url, { token: await platform.login('icbc_officer') })).status).toBe(404);
  });
});
