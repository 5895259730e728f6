/// <reference lib="dom" />
// Issue 16: a 科担快贷 (见保即贷) from the SME's application through the guarantee company's step
// (queue, profile through the consent gate, 同意担保) to the bank's disbursement (simulator).
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { splitLoss, splitRecovery, type RiskTemplate } from '../../src/guarantees/risk-sharing.js';
import { formatYuan } from '../../web/src/format/money.js';
import { moneyInWords } from '../../web/src/format/money-words.js';
import { eventually } from '../helpers/lending-fixtures.js';
import { field } from './helpers/form-field.js';
import { sendConfirmed } from './helpers/money-confirm.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ OUTBOX_POLL_MS: '20', OUTBOX_BACKOFF_BASE_MS: '20', SCHEDULER_ENABLED: 'false' });

function smeUsername(): string {
  const account = portal.platform.demo?.accounts.find((a) => a.role === 'enterprise');
  if (!account) throw new Error('demo enterprise missing');
  return account.username;
}

async function refreshUntil(page: Page, locator: string, button: string, label: string, timeoutMs = 15_000) {
  const status = page.locator(locator);
  const deadline = Date.now() + timeoutMs;
  while ((await status.innerText()) !== label) {
    if (Date.now() > deadline) throw new Error(`still ${await status.innerText()}, expected ${label}`);
    await page.waitForTimeout(200);
    await page.getByRole('button', { name: button }).click();
  }
}

describe('科担快贷 (见保即贷) through the guarantee step to disbursement', () => {
  it('SME applies naming the guarantee company, the guarantee officer grants, the bank disburses', async () => {
    const sme = await tabs.open(smeUsername());
    await sme.getByRole('menuitem', { name: '金融产品' }).click();
    await sme.waitForURL(/\/enterprise\/products$/);
    const card = sme.locator('[data-test="product-科担快贷"]');
    await card.getByRole('button', { name: '申请贷款' }).click();
    await sme.waitForURL(/\/apply$/);
    const notice = sme.locator('[data-test="consent-notice"]');
    await sme.locator('[data-test="guarantee-notice"]').waitFor();
    // The grant the SME chooses is given to the bank and the guarantee company alike.
    await expect(notice.locator('[data-test="consent-summary"]').innerText()).resolves.toContain('中国建设银行黄石分行和湖北省科技融资担保有限公司黄石分公司可查询本企业的：');
    await expect(sme.locator('[data-test="guarantee-notice"]').innerText()).resolves.toContain('见保即贷');
    await field(sme, 'amount').fill('50');
    await field(sme, 'term').fill('12');
    await field(sme, 'purpose').fill('研发设备采购');
    await sme.getByText('我已阅读并同意上述授权').click();
    await sendConfirmed(sme, '提交申请', '确认提交');
    await sme.waitForURL(/\/enterprise\/applications\/[0-9a-f-]+$/);
    // 建设银行 is a manual demo bank; its system is scripted here to approve inside the product's range and disburse.
    const scripted = [{ event: 'accepted' }, { event: 'under_review' }, { event: 'approved', rate: '4.00' }, { event: 'contracted' }, { event: 'disbursed' }] as const;
    portal.platform.bankSimulator!.setScript(sme.url().split('/').at(-1)!, { steps: [...scripted] });
    await expect(sme.locator('[data-test="status"]').innerText()).resolves.toBe('担保机构审核中');
    // The server accepts a withdrawal while the guarantee company decides, so the page offers it.
    await expect(sme.getByRole('button', { name: '撤回申请' }).isVisible()).resolves.toBe(true);

    const officer = await tabs.open('kdd_officer');
    await officer.getByRole('menuitem', { name: '担保申请受理' }).click();
    await officer.waitForURL(/\/guarantee\/cases$/);
    await officer.locator('[data-test="capacity-left"]').waitFor();
    const row = officer.locator('[data-test="guarantees"] .el-table__body tr', { hasText: '科担快贷担保' }).first();
    await expect(row.innerText()).resolves.toContain('待审核');
    await portal.screenshot(officer, 'guarantee-queue');
    await row.locator('[data-test="open-case"]').click();
    await officer.waitForURL(/\/guarantee\/cases\/[0-9a-f-]+$/);
    await officer.locator('[data-test="open-profile"]').click();
    await officer.locator('[data-test="profile-card"]').waitFor();
    await expect(officer.locator('[data-test="case-file"]').innerText()).resolves.toContain('本次查询结果已留存于本笔业务的案卷');
    // The grant is one-time: opened again after a reload, the profile comes from the company's case file.
    await officer.reload();
    await officer.locator('[data-test="open-profile"]').click();
    await officer.locator('[data-test="case-file"]', { hasText: '以下为本笔业务案卷中留存的查询结果' }).waitFor();
    await expect(officer.locator('[data-test="applicant-profile"] .section').count()).resolves.toBeGreaterThan(0);
    await officer.locator('[data-test="grant"]').click();
    await confirmBox(officer, '同意担保');
    await officer.getByText('已同意担保').waitFor();
    // The case reloads after the decision: wait for the new status rather than read it once.
    await expect.poll(() => officer.locator('[data-test="guarantee-status"]').innerText()).toBe('已担保');

    await refreshUntil(sme, '[data-test="status"]', '刷新进度', '已放款');
    const timeline = await sme.locator('[data-test="timeline"]').innerText();
    for (const step of ['担保机构审核中', '担保机构人员', '担保机构同意担保，申请送达银行', '银行已受理', '已审批通过', '已放款']) expect(timeline).toContain(step);
    await portal.screenshot(sme, 'guaranteed-application');

    // The officer's timeline shows the bank's steps too.
    await officer.getByRole('button', { name: '刷新' }).click();
    await officer.locator('[data-test="timeline"]', { hasText: '已放款' }).waitFor();
    await portal.screenshot(officer, 'guarantee-case');

    await officer.getByRole('menuitem', { name: '担保业务月报' }).click();
    await officer.waitForURL(/\/guarantee\/report$/);
    const reportRow = officer.locator('[data-test="report-products"] .el-table__body tr', { hasText: '科担快贷担保' });
    await expect(reportRow.innerText()).resolves.toContain('1 笔 / 500,000.00 元');
    await portal.screenshot(officer, 'guarantee-report');
  });
});

/** A table row's cells, tab-separated (Chromium puts line breaks around the tabs of innerText). */
const cells = (text: string) => text.replace(/\s*\t\s*/g, '\t').trim();
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function pickDate(page: Page, form: string, date: string) {
  const input = page.locator(`[data-test="${form}"] .el-date-editor input`).first();
  await input.fill(date);
  await input.press('Enter');
}

/** 担保申请受理 with its default 待审核 filter cleared: every guarantee of the company. */
async function allCases(username: string): Promise<Page> {
  const officer = await tabs.open(username, { path: '/guarantee/cases' });
  const filter = officer.locator('[data-test="status-filter"]');
  await filter.hover();
  await filter.locator('.el-select__clear').click();
  await officer.waitForURL((url) => url.searchParams.get('status') === '');
  return officer;
}

async function confirmBox(page: Page, button: string) {
  await page.locator('.el-message-box').getByRole('button', { name: button }).click();
}

describe('担保产品 and 风险分担模板 forms', () => {
  it('the guarantee company changes a product: the 60号 fee cap beside the field, a fee change under live guarantees refused with its reason, a limit change confirmed then published', async () => {
    const officer = await tabs.open('kdd_officer');
    await officer.getByRole('menuitem', { name: '担保产品' }).click();
    await officer.waitForURL(/\/guarantee\/products$/);
    const row = officer.locator('[data-test="products"] .el-table__body tr', { hasText: '科担快贷担保' });
    await row.locator('[data-test="edit-product"]').click();
    const form = officer.locator('[data-test="product-form"]');
    await field(officer, 'feeRate').fill('3');
    await form.locator('[data-test="save-product"]').click();
    await expect(officer.locator('.el-message-box').innerText()).resolves.toContain('担保费率 3.00%');
    await confirmBox(officer, '确认发布');
    await expect.poll(() => form.locator('.el-form-item__error').allInnerTexts()).toEqual([expect.stringMatching(/^担保费率不得高于 .+%（.+）$/)]);
    await portal.screenshot(officer, 'guarantee-product-form');

    await field(officer, 'feeRate').fill('0.7');
    await form.locator('[data-test="save-product"]').click();
    await confirmBox(officer, '再看看');
    await officer.locator('.el-message-box').waitFor({ state: 'hidden' });
    await form.locator('[data-test="save-product"]').click();
    await confirmBox(officer, '确认发布');
    // The case above left a guarantee under 科担快贷担保: the fee it runs on cannot change under it.
    await expect.poll(() => form.locator('[data-test="terms-in-use"]').innerText()).toMatch(/^该产品下有 \d+ 笔担保按现有条款执行，担保费率不能修改；如需新条款，请新建担保产品$/);
    await expect.poll(() => form.locator('.el-form-item__error').allInnerTexts()).toEqual(['已有担保按现有担保费率执行，不能修改']);

    await field(officer, 'feeRate').fill('0.8');
    await field(officer, 'singleFirmCap').fill('8000000.00');
    await form.locator('[data-test="save-product"]').click();
    await confirmBox(officer, '确认发布');
    await officer.getByText('已发布：科担快贷担保').waitFor();
    await expect.poll(() => row.innerText()).toContain('0.80%（0.30%）');
    await expect(form.locator('[data-test="terms-in-use"]').count()).resolves.toBe(0);
  });

  it('a new product with nothing filled asks for each required field beside it, before any confirmation or request', async () => {
    const officer = await tabs.open('hsfg_officer', { path: '/guarantee/products' });
    const sent: string[] = [];
    officer.on('request', (r) => {
      if (r.method() !== 'GET' && r.url().includes('/guarantee-products')) sent.push(r.url());
    });
    await officer.locator('[data-test="new-product"]').click();
    const form = officer.locator('[data-test="product-form"]');
    await form.locator('[data-test="save-product"]').click();
    await expect
      .poll(() => form.locator('.el-form-item__error').allInnerTexts())
      .toEqual(['请选择合作银行产品', '请填写担保产品名称', '请选择风险分担模板', '请填写担保费率（%/年）', '请填写单户在保上限（元）']);
    expect(await officer.locator('.el-message-box').count()).toBe(0);
    expect(sent).toEqual([]);
    // Typing a field takes its message away.
    await field(officer, 'feeRate').fill('0.8');
    await expect.poll(() => form.locator('.el-form-item__error').count()).toBe(4);
  });

  it('the financial office adds a template: the 60号 bank floor is shown beside the parties, then the template joins the chart and list', async () => {
    const office = await tabs.open('jrj_viewer');
    await office.getByRole('menuitem', { name: '风险分担模板' }).click();
    await office.waitForURL(/\/guarantee\/templates$/);
    await office.locator('[data-test="templates"] .el-table__body tr').first().waitFor();
    await office.locator('[data-test="new-template"]').click();
    const form = office.locator('[data-test="template-form"]');
    await form.locator('input[name="code"]').fill('HS-TEST-5-4-1');
    await form.locator('input[name="name"]').fill('黄石测试分担');
    await form.getByRole('button', { name: '增加分担方' }).click();
    const share = (i: number) => form.locator(`[data-test="party-${i}"] .share input`).first();
    for (const [i, pct] of [['0', '40'], ['1', '10'], ['2', '50']] as const) {
      await share(Number(i)).fill(pct);
      await share(Number(i)).press('Tab');
    }
    await expect(form.locator('[data-test="share-total"]').innerText()).resolves.toBe('合计 100.00%');
    await form.locator('textarea[name="source"]').fill('黄石市融资担保风险分担办法（测试）');
    await form.locator('[data-test="save-template"]').click();
    await confirmBox(office, '确认发布');
    await expect.poll(() => form.locator('[data-test="parties"] .el-form-item__error').innerText()).toContain('银行分担比例不得低于20%');

    await share(0).fill('30');
    await share(0).press('Tab');
    await share(1).fill('20');
    await share(1).press('Tab');
    await form.locator('[data-test="save-template"]').click();
    await confirmBox(office, '确认发布');
    await office.getByText('已发布：黄石测试分担').waitFor();
    await expect.poll(() => office.locator('[data-test="templates"]').innerText()).toContain('担保机构 30.00%、银行 20.00%、国家融资担保基金 50.00%');
    await portal.screenshot(office, 'risk-templates');
  });
});

describe('代偿 and 追偿 on the case page', () => {
  it('records a default\'s 代偿, shows each party\'s share to the fen, then a 追偿 split back', async () => {
    const { platform } = portal;
    const [smeToken, kdd] = [await platform.login(smeUsername()), await platform.login('kdd_officer')];
    const products = (await (await platform.api('/api/v1/loan-products', { token: smeToken })).json()) as { items: { id: string; name: string }[] };
    const productId = products.items.find((p) => p.name === '科担快贷')!.id;
    const applied = await platform.api('/api/v1/loan-applications', { token: smeToken, body: { productId, amount: '300000', termMonths: 12, purpose: '研发设备采购' } });
    const applicationId = ((await applied.json()) as { application: { id: string } }).application.id;
    // 科担快贷's bank decides by hand in the demo: this case is scripted to reach a default.
    platform.bankSimulator!.setScript(applicationId, { steps: (['accepted', 'under_review', 'approved', 'contracted', 'disbursed', 'defaulted'] as const).map((event) => ({ event, afterMs: 50 })) });
    const queue = (await (await platform.api('/api/v1/guarantees?status=pending', { token: kdd })).json()) as { items: { id: string; applicationId: string; productId: string }[] };
    const guarantee = queue.items.find((g) => g.applicationId === applicationId)!;
    expect((await platform.api(`/api/v1/guarantees/${guarantee.id}/decision`, { token: kdd, body: { decision: 'grant' } })).status).toBe(200);
    await eventually(
      async () => ((await (await platform.api(`/api/v1/loan-applications/${applicationId}`, { token: smeToken })).json()) as { application: { status: string } }).application.status,
      (status) => status === 'DEFAULTED',
    );
    const product = ((await (await platform.api('/api/v1/guarantee-products', { token: kdd })).json()) as { items: { id: string; templateCode: string; guaranteedShareBp: number }[] }).items.find((p) => p.id === guarantee.productId)!;
    const template = ((await (await platform.api('/api/v1/guarantee-templates', { token: kdd })).json()) as { items: RiskTemplate[] }).items.find((t) => t.code === product.templateCode)!;

    const officer = await tabs.open('kdd_officer');
    await officer.goto(`${platform.url}/guarantee/cases/${guarantee.id}`);
    await officer.locator('[data-test="compensation-form"]').waitFor();
    // Nothing typed: each empty field is asked for beside itself, before any confirmation.
    const payoutErrors = officer.locator('[data-test="compensation-form"] .el-form-item__error');
    await officer.locator('[data-test="compensation-form"]').getByRole('button', { name: '登记代偿' }).click();
    await expect.poll(() => payoutErrors.allInnerTexts()).toEqual(['请填写代偿损失（元）', '请选择代偿日期']);
    expect(await officer.locator('.el-message-box').count()).toBe(0);
    // A malformed amount goes to the server, whose reason lands on the field (the button is never dead).
    await field(officer, 'loss-amount').fill('十万');
    await pickDate(officer, 'compensation-form', shanghaiToday());
    await officer.locator('[data-test="compensation-form"]').getByRole('button', { name: '登记代偿' }).click();
    await payoutErrors.filter({ hasText: '损失金额应为' }).waitFor();
    await field(officer, 'loss-amount').fill('100000.01');
    await officer.locator('[data-test="compensation-form"]').getByRole('button', { name: '登记代偿' }).click();
    // Confirmed as every money action is: who is paid, the amount in digits and in 大写.
    const box = officer.locator('[data-test="money-confirm"]');
    await expect.poll(() => box.innerText()).toContain('代偿对象：中国建设银行黄石分行');
    await expect(box.innerText()).resolves.toContain(`代偿损失：${formatYuan('100000.01')}`);
    await expect(box.innerText()).resolves.toContain(moneyInWords('100000.01'));
    await confirmBox(officer, '确认登记');
    const shares = officer.locator('[data-test="compensation-shares"] .el-table__body tr');
    await shares.first().waitFor();
    const expected = splitLoss(template, 10_000_001n, product.guaranteedShareBp).map((p) => `${p.label}\t${formatYuan((Number(p.fen) / 100).toFixed(2))}`);
    await expect.poll(async () => (await shares.allInnerTexts()).map(cells)).toEqual(expected);
    await expect(officer.locator('[data-test="compensation"]').innerText()).resolves.toContain(`“${template.name}”`);
    // The parties' parts are compared on a chart beside the exact table.
    const chart = officer.locator('[data-test="compensation-shares-chart"]');
    await chart.locator('canvas').waitFor();
    expect(await chart.getAttribute('aria-label')).toBe('代偿损失各方分担对比图');
    expect((await chart.boundingBox())!.height).toBeGreaterThanOrEqual(120);
    // The fee was never paid; the server still takes it after 代偿, so the page still offers it.
    await officer.locator('[data-test="fee-form"]').waitFor();

    await officer.locator('[data-test="recovery-form"]').getByRole('button', { name: '登记追偿' }).click();
    await expect.poll(() => officer.locator('[data-test="recovery-form"] .el-form-item__error').allInnerTexts()).toEqual(['请填写回收金额（元）', '请选择回收日期', '请填写凭证号']);
    await field(officer, 'recovery-amount').fill('33.33');
    await pickDate(officer, 'recovery-form', shanghaiToday());
    await field(officer, 'recovery-reference').fill('ZC-2026-001');
    await officer.locator('[data-test="recovery-form"]').getByRole('button', { name: '登记追偿' }).click();
    const enterpriseName = (await platform.database.knex('enterprises').where({ uscc: smeUsername() }).first('name')).name as string;
    await expect.poll(() => box.innerText()).toContain(`追偿对象：${enterpriseName}`);
    await expect(box.innerText()).resolves.toContain(moneyInWords('33.33'));
    await confirmBox(officer, '确认登记');
    const recovery = officer.locator('[data-test="recoveries"] .el-table__body tr').first();
    const back = splitRecovery(template, 3_333n, product.guaranteedShareBp).map((p) => formatYuan((Number(p.fen) / 100).toFixed(2)));
    await expect.poll(async () => cells(await recovery.innerText())).toBe([shanghaiToday(), 'ZC-2026-001', formatYuan('33.33'), ...back].join('\t'));
    await portal.screenshot(officer, 'guarantee-compensation');
  });
});

describe('担保申请受理 keeps its place', () => {
  it('全部 over the default 待审核 survives opening a case, Back and a refresh', async () => {
    const officer = await allCases('kdd_officer');
    const rows = officer.locator('[data-test="guarantees"] .el-table__body tr');
    await rows.first().waitFor();
    // 办理 is the row's one action: it stays in sight however wide the columns before it are.
    const table = (await officer.locator('[data-test="guarantees"]').boundingBox())!;
    const action = (await rows.first().locator('[data-test="open-case"]').boundingBox())!;
    expect(action.x + action.width).toBeLessThanOrEqual(table.x + table.width);
    await rows.first().locator('[data-test="open-case"]').click();
    await officer.waitForURL(/\/guarantee\/cases\/[0-9a-f-]+$/);
    await officer.goBack();
    await officer.waitForURL((url) => url.pathname === '/guarantee/cases' && url.searchParams.get('status') === '');
    await officer.reload();
    await rows.first().waitFor();
    expect(await officer.locator('[data-test="status-filter"]').innerText()).not.toContain('待审核');
    // Cases past 待审核 are listed (this file granted some above).
    await expect.poll(async () => (await rows.allInnerTexts()).some((r) => !r.includes('待审核'))).toBe(true);
  });
});

describe('money on the case page', () => {
  it('同意担保 and 登记保费 are confirmed like every money action: the enterprise, each amount in digits and in 大写', async () => {
    const { platform } = portal;
    const smeToken = await platform.login(smeUsername());
    const products = (await (await platform.api('/api/v1/loan-products', { token: smeToken })).json()) as { items: { id: string; name: string }[] };
    const productId = products.items.find((p) => p.name === '科担快贷')!.id;
    const applied = await platform.api('/api/v1/loan-applications', { token: smeToken, body: { productId, amount: '300000', termMonths: 12, purpose: '采购检测仪器' } });
    expect(applied.status, await applied.clone().text()).toBe(201);
    const applicationId = ((await applied.json()) as { application: { id: string } }).application.id;
    const kdd = await platform.login('kdd_officer');
    const queue = (await (await platform.api('/api/v1/guarantees?status=pending', { token: kdd })).json()) as { items: { id: string; applicationId: string }[] };
    const guarantee = queue.items.find((g) => g.applicationId === applicationId)!;
    const enterpriseName = (await platform.database.knex('enterprises').where({ uscc: smeUsername() }).first('name')).name as string;

    // A fee is owed only once the guarantee is given: the pending case adds nothing to 应收未收.
    const officer = await tabs.open('kdd_officer', { path: '/guarantee/cases' });
    await officer.locator('[data-test="guarantees"] .el-table__body tr', { hasText: '待审核' }).first().waitFor();
    await expect(officer.locator('[data-test="fees-outstanding"]').innerText()).resolves.toBe(`已列出业务应收未收保费：${formatYuan('0')}`);
    await officer.goto(`${platform.url}/guarantee/cases/${guarantee.id}`);
    await officer.locator('[data-test="grant"]').click();
    const box = officer.locator('[data-test="money-confirm"]');
    await expect.poll(() => box.innerText()).toContain(`同意担保对象：${enterpriseName}`);
    await expect(box.innerText()).resolves.toContain('应收保费');
    await confirmBox(officer, '同意担保');
    await expect.poll(() => officer.locator('[data-test="guarantee-status"]').innerText()).toBe('已担保');

    await officer.locator('[data-test="fee-form"]').getByRole('button', { name: '登记' }).click();
    await officer.locator('[data-test="fee-form"] .el-form-item__error', { hasText: '请填写保费金额（元）' }).waitFor();
    expect(await box.count()).toBe(0);
    // Well under any fee due here (a product above may have lowered its rate).
    await field(officer, 'fee-reference').fill('BF-BROWSER-1');
    await field(officer, 'fee-amount').fill('100');
    await officer.locator('[data-test="fee-form"]').getByRole('button', { name: '登记' }).click();
    await expect.poll(() => box.innerText()).toContain(`收取保费对象：${enterpriseName}`);
    await expect(box.innerText()).resolves.toContain(`保费：${formatYuan('100')}`);
    await expect(box.innerText()).resolves.toContain(moneyInWords('100'));
    await confirmBox(officer, '确认登记');
    await officer.getByText('保费已登记').waitFor();
  });
});

describe('担保申请受理 pages', () => {
  it('lists 20 at a time and 加载更多 appends the next page where the officer reads, until all are listed, each once', async () => {
    const { platform } = portal;
    const kdd = await platform.login('kdd_officer');
    // The demo company has a few guarantees; more than two pages' worth are added as withdrawn
    // applications' declined guarantees, copied from one of its own.
    const { knex } = platform.database;
    const company = (await knex('institutions').where({ code: 'HBSTG_HS' }).first('id')).id as string;
    const model = await knex('guarantees').where({ company_id: company }).first();
    const application = await knex('loan_applications').where({ id: model.application_id }).first();
    for (let i = 0; i < 40; i += 1) {
      const [added] = await knex('loan_applications').insert({ ...application, id: randomUUID(), status: 'WITHDRAWN', bank_reference: null, consent_grant_id: null }).returning('id');
      await knex('guarantees').insert({ ...model, id: randomUUID(), application_id: added.id, status: 'declined', reason: '测试数据', created_at: new Date(Date.now() - 86_400_000 * (i + 1)) });
    }
    const all = ((await (await platform.api('/api/v1/guarantees?limit=200', { token: kdd })).json()) as { items: { id: string }[] }).items.map((g) => g.id);
    expect(all.length).toBeGreaterThan(40);
    const officer = await allCases('kdd_officer');
    const rows = officer.locator('[data-test="guarantees"] .el-table__body tr');
    const pager = officer.locator('[data-test="queue-pager"]');
    await expect.poll(() => pager.innerText()).toContain('已列出 20 笔');
    await expect(rows.count()).resolves.toBe(20);
    while ((await officer.locator('[data-test="load-more"]').count()) > 0) {
      const before = await rows.count();
      await officer.getByRole('button', { name: '加载更多', exact: true }).click();
      await expect.poll(() => rows.count()).toBeGreaterThan(before);
      await expect(rows.count().then((n) => officer.waitForURL((url) => url.searchParams.get('shown') === String(n))).then(() => officer.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(window.scrollY)))))).resolves.toBeGreaterThan(0);
    }
    await expect(pager.innerText()).resolves.toBe(`已列出 ${all.length} 笔，已全部加载`);
    const links = await officer.locator('[data-test="open-case"]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname.split('/').at(-1)));
    expect(links).toEqual(all);

    // A case opened from the grown list and Back, or a refresh, lists the same rows again, not the first 20.
    await officer.locator('[data-test="open-case"]').last().click();
    await officer.waitForURL((url) => url.pathname.startsWith('/guarantee/cases/'));
    await officer.goBack();
    await expect.poll(() => pager.innerText()).toBe(`已列出 ${all.length} 笔，已全部加载`);
    await officer.reload();
    await expect.poll(() => pager.innerText()).toBe(`已列出 ${all.length} 笔，已全部加载`);
    await expect(rows.count()).resolves.toBe(all.length);
  });
});

describe('a granted case asks only for what exists', () => {
  it('opens without a refused request: no 代偿 is asked for before there is one', async () => {
    const { platform } = portal;
    const kdd = await platform.login('kdd_officer');
    const { items } = (await (await platform.api('/api/v1/guarantees?status=granted', { token: kdd })).json()) as { items: { id: string }[] };
    const officer = await tabs.open('kdd_officer');
    const refused: string[] = [];
    officer.on('response', (r) => {
      if (r.status() >= 400) refused.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    await officer.goto(`${platform.url}/guarantee/cases/${items[0]!.id}`);
    await officer.locator('[data-test="timeline"]').waitFor();
    await officer.waitForLoadState('networkidle');
    expect(refused).toEqual([]);
  });
});
