import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRegistryNotice } from '../src/collateral/registry-notice-signing.js';
import { generateSm2KeyPair } from '../src/platform/sm2.js';
import { sm3Hex } from '../src/platform/national-crypto.js';
import { userStore } from '../src/auth/user-store.js';
import { institutionStore } from '../src/institutions/institution-store.js';
import { created } from './helpers/guarantee-fixtures.js';
import { institutionAdminOf } from './helpers/institution-admin.js';
import { registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { eventually, publishedProduct, startPlatformWithSimulator, type SimulatedPlatform } from './helpers/lending-fixtures.js';
import { pdfText } from './helpers/pdf-text.js';

// Issue 16, the rest: the 担保函 PDF for the three parties of a guaranteed application; 不动产抵押登记
// through the simulated registry (notices, the progress-query fallback, 查封 alerts); the 创业担保贷款
// rules on applications to a 创业担保贷 product.
let env: SimulatedPlatform;
let kdd: string;
let hsfg: string;
let bank: string;
let sme: TestEnterprise;
let other: TestEnterprise;
let guaranteeFirst: string;
/** The guaranteed application whose letter the first test issues. */
let lettered: string;

const api = (...args: Parameters<SimulatedPlatform['platform']['api']>) => env.platform.api(...args);

beforeAll(async () => {
  env = await startPlatformWithSimulator({ REGISTRY_SIMULATOR_STEP_MS: '40' });
  [kdd, hsfg, bank] = await Promise.all([env.platform.login('kdd_officer'), env.platform.login('hsfg_officer'), env.platform.login('hbb_officer')]);
  [sme, other] = (await registerEnterprises(env.platform, 2)) as [TestEnterprise, TestEnterprise];
  guaranteeFirst = await publishedProduct(env.platform, 'hbb_officer', { name: '科担贷（见保即贷）', guaranteeType: 'guarantee_company' });
  await created(
    await api('/api/v1/guarantee-products', {
      token: kdd,
      body: {
        loanProductId: guaranteeFirst,
        name: '科担贷',
        route: 'guarantee_first',
        templateCode: 'HB-4321-2021',
        guaranteedShareBp: 8000,
        feeRate: '1.00',
        feeSubsidyRate: '0.50',
        singleFirmCap: '5000000.00',
        maxTermMonths: 36,
        counterGuarantees: ['controller_guarantee'],
      },
    }),
  );
});
afterAll(() => env?.close());

describe('担保函 PDF', () => {
  it('is issued once granted, to the company, the bank and the SME, with the key terms and its SM3 digest', async () => {
    const applied = await api('/api/v1/loan-applications', { token: sme.token, body: { productId: guaranteeFirst, amount: '333333.33', termMonths: 12, purpose: '研发投入' } });
    expect(applied.status, await applied.clone().text()).toBe(201);
    const applicationId = ((await applied.json()) as { application: { id: string } }).application.id;
    lettered = applicationId;
    const letterPath = `/api/v1/loan-applications/${applicationId}/guarantee-letter.pdf`;
    expect((await api(letterPath, { token: kdd })).status).toBe(409);

    const queue = (await (await api('/api/v1/guarantees?status=pending', { token: kdd })).json()) as { items: { id: string; applicationId: string }[] };
    const guarantee = queue.items.find((g) => g.applicationId === applicationId)!;
    expect((await api(`/api/v1/guarantees/${guarantee.id}/decision`, { token: kdd, body: { decision: 'grant' } })).status).toBe(200);

    const first = await api(letterPath, { token: kdd });
    expect(first.status, await first.clone().text()).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await first.arrayBuffer());
    const digest = first.headers.get('x-content-sm3');
    expect(digest).toBe(sm3Hex(pdf));
    const stored = await env.platform.database.knex('guarantee_letters').where({ guarantee_id: guarantee.id }).first('sm3', 'size_bytes');
    expect(stored).toEqual({ sm3: digest, size_bytes: pdf.length });

    const terms = (await (await api(`/api/v1/guarantees/${guarantee.id}/letter`, { token: kdd })).json()) as { letterNo: string; templateCode: string; templateName: string };
    const text = pdfText(pdf).replace(/\n/g, '');
    // The bank reads the risk-sharing template by its name; its code is for machines.
    expect(text).toContain(`风险分担方案：${terms.templateName}`);
    expect(text).not.toContain(terms.templateCode);
    for (const expected of [
      '担保函',
      '致：湖北银行黄石分行',
      sme.name,
      sme.uscc,
      `担保函编号：${terms.letterNo}`,
      '借款金额：333,333.33 元',
      '担保金额：266,666.66 元',
      '担保比例：80.00%',
      '借款期限：12 个月',
      '反担保要求：实际控制人连带责任保证',
      '见保即贷',
    ]) {
      expect(text).toContain(expected);
    }

    // The bank and the SME get the same bytes; other firms and other companies get nothing.
    for (const token of [bank, sme.token]) {
      const copy = await api(letterPath, { token });
      expect(copy.status).toBe(200);
      expect(sm3Hex(Buffer.from(await copy.arrayBuffer()))).toBe(digest);
    }
    expect((await api(letterPath, { token: other.token })).status).toBe(404);
    expect((await api(letterPath, { token: hsfg })).status).toBe(404);
    expect((await api('/api/v1/loan-applications/not-a-uuid/guarantee-letter.pdf', { token: kdd })).status).toBe(400);
  });

  // A 支行 officer the application was assigned to handled it but got 404 for its letter: the
  // letter compared the officer's own institution with the lending bank, not lending's branch rule.
  it('is given to the officer of the branch (支行) the application is assigned to, and not to another branch', async () => {
    const { knex } = env.platform.database;
    const { bank_id: bankId } = (await knex('loan_applications').where({ id: lettered }).first('bank_id')) as { bank_id: string };
    const { code } = (await knex('institutions').where({ id: bankId }).first('code')) as { code: string };
    const branchOfficer = async (name: string) => {
      const tag = randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase();
      const branch = await institutionStore.insert(knex, { code: `BR_${tag}`, name, type: 'bank', uscc: `91420200${tag}`, parentId: bankId });
      const user = await userStore.insert(knex, { username: `branch_${tag.toLowerCase()}`, passwordHash: 'not-a-login', role: 'bank_officer', displayName: '支行客户经理', institutionId: branch.id, enterpriseId: null, position: 'officer' });
      const session = await env.platform.services.sessions.start({ userId: user.id, role: 'bank_officer', institutionId: branch.id, enterpriseId: null, position: 'officer' });
      return { branchId: branch.id, userId: user.id, token: session.accessToken };
    };
    const [assignedTo, beside] = [await branchOfficer('下陆支行'), await branchOfficer('铁山支行')];
    const admin = (await institutionAdminOf(env.platform, code)).accessToken;
    const assignment = await api(`/api/v1/bank/loan-applications/${lettered}/assignment`, { token: admin, method: 'PUT', body: { officerId: assignedTo.userId, branchId: assignedTo.branchId } });
    expect(assignment.status, await assignment.clone().text()).toBe(200);
    const letterPath = `/api/v1/loan-applications/${lettered}/guarantee-letter.pdf`;
    const letter = await api(letterPath, { token: assignedTo.token });
    expect(letter.status, await letter.clone().text()).toBe(200);
    expect(letter.headers.get('x-content-sm3')).toBe(sm3Hex(Buffer.from(await letter.arrayBuffer())));
    expect((await api(letterPath, { token: beside.token })).status).toBe(404);
  });
});

interface Mortgage {
  id: string;
  status: string;
  warrantNo: string | null;
  sealedAt: string | null;
  notices: { kind: string; via: string; warrantNo: string | null }[];
}

describe('不动产抵押登记', () => {
  const unitNo = '420202001001GB00001F00010001';
  const mortgage = (path: string, token: string) => api(`/api/v1/bank/loan-applications/${path}`, { token });
  const input = { mortgageWay: 'maximum', evaluationValue: '1500000.00', highestClaimAmount: '900000.00', termMonths: 24, unitNo, location: '黄石市下陆区团城山街道厂房1号' };

  async function approvedMortgageLoan(officer: string, token: string): Promise<string> {
    const product = (await env.platform.database.knex('loan_products').where({ name: '厂房抵押贷' }).first('id')) as { id: string };
    const applied = await api('/api/v1/loan-applications', { token, body: { productId: product.id, amount: '600000', termMonths: 24, purpose: '购置设备' } });
    expect(applied.status, await applied.clone().text()).toBe(201);
    const id = ((await applied.json()) as { application: { id: string } }).application.id;
    expect((await api(`/api/v1/bank/loan-applications/${id}/real-estate-mortgage`, { token: officer, body: input })).status).toBe(409);
    expect((await api(`/api/v1/bank/loan-applications/${id}/accept`, { token: officer, body: {} })).status).toBe(200);
    const decided = await api(`/api/v1/bank/loan-applications/${id}/decision`, { token: officer, body: { decision: 'approve', approvedAmount: '600000', approvedRate: '4.00', approvedTermMonths: 24 } });
    expect(decided.status, await decided.clone().text()).toBe(200);
    return id;
  }

  it('goes 受理 → 核定 → 登簿 by notices, the 证明号 seen by the bank and the SME; a 查封 alerts the bank', async () => {
    const abc = await env.platform.login('abc_officer');
    const id = await approvedMortgageLoan(abc, sme.token);
    const noClaim = await api(`/api/v1/bank/loan-applications/${id}/real-estate-mortgage`, { token: abc, body: { ...input, highestClaimAmount: undefined } });
    expect(noClaim.status).toBe(422);
    expect(await noClaim.json()).toMatchObject({ errors: [{ field: 'highestClaimAmount' }] });
    const badUnit = await api(`/api/v1/bank/loan-applications/${id}/real-estate-mortgage`, { token: abc, body: { ...input, unitNo: '12' } });
    expect(badUnit.status).toBe(400);
    expect(await badUnit.json()).toMatchObject({ errors: [{ field: 'unitNo' }] });
    // Before any 抵押登记 the application pages ask and are told there is none: no content, not an error.
    expect((await mortgage(`${id}/real-estate-mortgage`, abc)).status).toBe(204);
    expect((await api(`/api/v1/loan-applications/${id}/real-estate-mortgage`, { token: sme.token })).status).toBe(204);
    expect((await mortgage(`${randomUUID()}/real-estate-mortgage`, abc)).status).toBe(404);

    const applied = await api(`/api/v1/bank/loan-applications/${id}/real-estate-mortgage`, { token: abc, body: input });
    expect(applied.status, await applied.clone().text()).toBe(201);
    expect(await applied.json()).toMatchObject({ status: 'applied', mortgageWay: 'maximum', creditAmount: '600000.00', highestClaimAmount: '900000.00' });
    expect((await api(`/api/v1/bank/loan-applications/${id}/real-estate-mortgage`, { token: abc, body: input })).status).toBe(409);

    const registered = await eventually(
      async () => (await (await mortgage(`${id}/real-estate-mortgage`, abc)).json()) as Mortgage,
      (m) => m.status === 'result',
    );
    expect(registered.warrantNo).toMatch(/^鄂\(\d{4}\)黄石市不动产证明第\d+号$/);
    expect(registered.notices.map((n) => `${n.kind}:${n.via}`)).toEqual(['accept:notice', 'verify:notice', 'result:notice']);
    const seen = (await (await api(`/api/v1/loan-applications/${id}/real-estate-mortgage`, { token: sme.token })).json()) as Mortgage;
    expect(seen.warrantNo).toBe(registered.warrantNo);
    expect((await api(`/api/v1/loan-applications/${id}/real-estate-mortgage`, { token: other.token })).status).toBe(404);
    expect((await mortgage(`${id}/real-estate-mortgage`, bank)).status).toBe(404);

    expect(await env.platform.services.realEstateRegistry.seal(unitNo)).toBe(true);
    const alerts = (await (await api('/api/v1/bank/collateral-alerts', { token: abc })).json()) as { items: Mortgage[] };
    expect(alerts.items.map((m) => m.id)).toEqual([registered.id]);
    expect(alerts.items[0]!.sealedAt).not.toBeNull();
    expect(((await (await api('/api/v1/bank/collateral-alerts', { token: bank })).json()) as { items: unknown[] }).items).toEqual([]);
    const sealed = (await (await mortgage(`${id}/real-estate-mortgage`, abc)).json()) as Mortgage;
    expect(sealed.notices.at(-1)).toMatchObject({ kind: 'sealed', warrantNo: registered.warrantNo });
  });

  it('takes notices only over the signed endpoint: a bad signature is 401, a repeated id is answered as before, a reused id with another body is 422', async () => {
    // The flow above arrived over HTTP: each notice left its signed id.
    expect(Number((await env.platform.database.knex('real_estate_registry_receipts').count('* as n').first())?.n)).toBeGreaterThanOrEqual(4);
    const registry = env.platform.services.realEstateRegistry;
    const notice = { type: 'sealed' as const, realEstateUnitId: '420202001001GB00009F00090009', warrantId: '鄂(2026)黄石市不动产证明第0号', attachmentStatus: 'SEALED' as const, completionTime: new Date().toISOString() };
    const body = JSON.stringify(notice);
    const forged = await api('/api/v1/callbacks/real-estate-registry', { body, headers: signRegistryNotice(generateSm2KeyPair(), 'forged-notice-1', new Date(), body) });
    expect(forged.status).toBe(401);
    expect((await api('/api/v1/callbacks/real-estate-registry', { body })).status).toBe(401);
    const first = await registry.send(notice, 'replayed-notice-1');
    expect(await first.json()).toEqual({ noticeId: 'replayed-notice-1', repeated: false });
    expect(await (await registry.send(notice, 'replayed-notice-1')).json()).toEqual({ noticeId: 'replayed-notice-1', repeated: true });
    const reused = await registry.send({ ...notice, realEstateUnitId: '420202001001GB00009F00090008' }, 'replayed-notice-1');
    expect(reused.status).toBe(422);
    const malformed = await registry.send({ ...notice, completionTime: '昨天' } as never, 'malformed-notice-1');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('completionTime');
  });

  it('falls back to the progress query when the notices never come', async () => {
    const abc = await env.platform.login('abc_officer');
    const id = await approvedMortgageLoan(abc, other.token);
    const registry = env.platform.services.realEstateRegistry;
    registry.silence(true);
    try {
      const applied = (await (await api(`/api/v1/bank/loan-applications/${id}/real-estate-mortgage`, { token: abc, body: { ...input, mortgageWay: 'general' } })).json()) as Mortgage;
      await eventually(() => registry.progress(applied.id), (p) => p.nodes.length === 3);
      expect(((await (await mortgage(`${id}/real-estate-mortgage`, abc)).json()) as Mortgage).status).toBe('applied');
      const queried = await api(`/api/v1/bank/loan-applications/${id}/real-estate-mortgage/progress-query`, { token: abc, method: 'POST' });
      const m = (await queried.json()) as Mortgage;
      expect(m.status).toBe('result');
      expect(m.warrantNo).not.toBeNull();
      expect(m.notices.map((n) => `${n.kind}:${n.via}`)).toEqual(['accept:progress_query', 'verify:progress_query', 'result:progress_query']);
    } finally {
      registry.silence(false);
    }
  });
});

describe('创业担保贷款 rules on applications', () => {
  it('refuses each broken rule with a 422 naming the field, and takes a declaration that fits', async () => {
    const productId = await publishedProduct(env.platform, 'hbb_officer', {
      name: '创业担保贷（测试）',
      guaranteeType: 'guarantee_company',
      minAmount: '10000',
      maxAmount: '5000000',
      maxTermMonths: 60,
      eligibility: [],
      zoneTags: ['startup_guarantee'],
    });
    await created(
      await api('/api/v1/guarantee-products', {
        token: hsfg,
        body: { loanProductId: productId, name: '创业担保贷担保', route: 'guarantee_first', templateCode: 'HB-4321-2021', guaranteedShareBp: 10000, feeRate: '0.00', feeSubsidyRate: '0.00', singleFirmCap: '4000000.00', maxTermMonths: 60 },
      }),
    );
    const declaration = { borrowerType: 'individual', borrowerCategory: '高校毕业生', jobsCreated: 2, renewals: 0, counterGuarantee: false };
    const apply = (amount: string, termMonths: number, startupLoan?: Record<string, unknown>) =>
      api('/api/v1/loan-applications', { token: other.token, body: { productId, amount, termMonths, purpose: '开设门店', ...(startupLoan ? { startupLoan } : {}) } });
    const refused = async (res: Response) => {
      expect(res.status, await res.clone().text()).toBe(422);
      return ((await res.json()) as { errors: { field: string; message: string }[] }).errors;
    };

    expect(await refused(await apply('100000', 24))).toEqual([expect.objectContaining({ field: 'startupLoan' })]);
    expect(await refused(await apply('100000', 24, { ...declaration, borrowerCategory: '在职职工' }))).toEqual([expect.objectContaining({ field: 'startupLoan.borrowerCategory' })]);
    // The policy in force (2022 generation): individuals up to 300,000, 36 months, 3 renewals, 反担保 above 100,000.
    expect(await refused(await apply('350000', 24, { ...declaration, counterGuarantee: true }))).toEqual([{ field: 'amount', code: 'STARTUP_LOAN_RULE', message: '贷款金额超过上限 300,000.00 元' }]);
    expect(await refused(await apply('100000', 48, declaration))).toEqual([{ field: 'termMonths', code: 'STARTUP_LOAN_RULE', message: '贷款期限超过 36 个月' }]);
    expect(await refused(await apply('100000', 24, { ...declaration, renewals: 4 }))).toEqual([{ field: 'startupLoan.renewals', code: 'STARTUP_LOAN_RULE', message: '续贷贴息最多 3 次' }]);
    expect(await refused(await apply('100000.01', 24, declaration))).toEqual([{ field: 'startupLoan.counterGuarantee', code: 'STARTUP_LOAN_RULE', message: '贷款金额超过 100,000.00 元，须提供反担保' }]);
    expect(await refused(await apply('1000000', 24, { ...declaration, borrowerType: 'small_firm', staff: 50, newHires: 4, counterGuarantee: true }))).toEqual([
      { field: 'startupLoan.newHires', code: 'STARTUP_LOAN_RULE', message: '当年新招用符合条件人员未达职工总数的 10%' },
    ]);
    expect(await env.platform.database.knex('loan_applications').where({ product_id: productId }).first()).toBeUndefined();

    const taken = await apply('100000', 36, { ...declaration, renewals: 3 });
    expect(taken.status, await taken.clone().text()).toBe(201);
    const { application } = (await taken.json()) as { application: { id: string; status: string } };
    expect(application.status).toBe('GUARANTEE_REVIEW');
    expect((await env.platform.database.knex('loan_applications').where({ id: application.id }).first('startup_loan')).startup_loan).toMatchObject({ borrowerCategory: '高校毕业生', renewals: 3 });
  });
});
