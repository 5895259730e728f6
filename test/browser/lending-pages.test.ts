/// <reference lib="dom" />
// The portal pages of issue 7: an SME applies and follows its application to 已放款, a bank officer
// decides by hand, 抢单 with the 409 shown, 产品审核, 消息投递 and 银行服务时效.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { listAsSeriouslyDishonest, registerRecordless, type FreshEnterprise } from '../helpers/listed-enterprises.js';
import { productLike } from '../helpers/lending-fixtures.js';
import { chooseOption } from './helpers/choose-option.js';
import { field } from './helpers/form-field.js';
import { sendConfirmed } from './helpers/money-confirm.js';
import { portalForFile } from './helpers/portal-for-file.js';

// The demo path: the platform starts the bank simulator; a fast outbox keeps the flow to seconds.
const { portal, tabs } = portalForFile({ OUTBOX_POLL_MS: '20', OUTBOX_BACKOFF_BASE_MS: '20', SCHEDULER_ENABLED: 'false', BANK_SIMULATOR_DECISION_DELAY_MS: '200' });

function smeUsername(): string {
  const account = portal.platform.demo?.accounts.find((a) => a.role === 'enterprise');
  if (!account) throw new Error('demo enterprise missing');
  return account.username;
}

async function openMenu(page: Page, title: string, path: RegExp) {
  await page.getByRole('menuitem', { name: title }).click();
  await page.waitForURL(path);
}

/** Clicks 刷新 until the application's status tag reads `label` (the bank works asynchronously). */
async function refreshUntilStatus(page: Page, button: string, label: string, timeoutMs = 15_000) {
  const status = page.locator('[data-test="status"]');
  const deadline = Date.now() + timeoutMs;
  while ((await status.innerText()) !== label) {
    if (Date.now() > deadline) throw new Error(`status is still ${await status.innerText()}, expected ${label}`);
    await page.waitForTimeout(200);
    await page.getByRole('button', { name: button }).click();
  }
}

async function applicationStatus(id: string, as?: { uscc: string; password: string }): Promise<Record<string, unknown>> {
  const token = as ? await portal.platform.login(as.uscc, as.password) : await portal.platform.login(smeUsername());
  const res = await portal.platform.api(`/api/v1/loan-applications/${id}`, { token });
  return ((await res.json()) as { application: Record<string, unknown> }).application;
}

describe('SME: apply from the portal; an automatic simulated bank decides from the authorised profile it reads', () => {
  const firms: Record<'clean' | 'listed', FreshEnterprise | undefined> = { clean: undefined, listed: undefined };
  beforeAll(async () => {
    [firms.listed, firms.clean] = await registerRecordless(portal.platform, 2);
    await listAsSeriouslyDishonest(portal.platform, firms.listed!.uscc);
  });

  it.each([
    { bank: '湖北银行黄石分行', protocol: 'json-webhooks', zone: '科技贷专区', product: '科担贷', amountWan: '30', amountYuan: '300,000.00 元', firm: 'clean' as const, shots: true },
    { bank: '黄石农村商业银行', protocol: 'cn-open-platform-sm', zone: '乡村振兴专区', product: '乡村振兴贷', amountWan: '5', amountYuan: '50,000.00 元', firm: 'listed' as const, shots: false },
  ])('$bank ($protocol), a $firm firm: 金融产品 → 申请贷款 → 我的申请 shows the decision', async ({ bank, zone, product, amountWan, amountYuan, firm, shots }) => {
    const page = await tabs.open(firms[firm]!.uscc, { password: firms[firm]!.password });
    await openMenu(page, '金融产品', /\/enterprise\/products$/);
    await page.locator('[data-test="zone-tag"]').click();
    await chooseOption(page.locator('.el-select-dropdown__item', { hasText: zone }));
    await page.getByRole('button', { name: '查询' }).click();
    // Other zones are filtered out once the answer to 查询 arrives; until then the whole list shows.
    await expect.poll(async () => (await page.locator('.product').allInnerTexts()).every((text) => text.includes(zone))).toBe(true);
    const card = page.locator(`[data-test="product-${product}"]`);
    await card.waitFor();
    await expect(card.innerText()).resolves.toContain(bank);
    // Every product shows the eligibility verdict.
    await expect(card.locator('[data-test="verdict"]').innerText()).resolves.toMatch(/符合公布条件|不符合公布条件|部分条件待核实/);
    if (shots) await portal.screenshot(page, 'loan-products');

    await card.getByRole('button', { name: '申请贷款' }).click();
    await page.waitForURL(/\/enterprise\/products\/[^/]+\/apply$/);
    // What the bank (and on a guaranteed product such as 科担贷 its guarantee company) may read is
    // shown before applying, at the smallest useful default.
    await expect(page.locator('[data-test="consent-summary"]').innerText()).resolves.toMatch(new RegExp(`${bank}(和.+)?可查询本企业的：`));
    await field(page, 'amount').fill(amountWan);
    await field(page, 'term').fill('12');
    await field(page, 'purpose').fill('采购原材料');
    const submit = page.getByRole('button', { name: '提交申请' });
    // Applying authorises the bank: the button waits for the SME to agree.
    await expect(submit.isDisabled()).resolves.toBe(true);
    await page.getByText('我已阅读并同意上述授权').click();
    if (shots) await portal.screenshot(page, 'loan-apply');
    await sendConfirmed(page, '提交申请', '确认提交');
    await page.waitForURL(/\/enterprise\/applications\/[0-9a-f-]+$/);
    const id = page.url().split('/').pop()!;
    // The form sent an Idempotency-Key, so a double click or a retry cannot apply twice.
    const keys = await portal.platform.database.knex('idempotency_keys').where({ operation: 'loan-applications.create', status: 'done' });
    expect(keys.some((k) => (k.response_body as { application: { id: string } }).application.id === id)).toBe(true);
    if (firm === 'listed') {
      // The bank's system read the 严重失信主体名单 in the authorised profile: declined, and the SME reads why.
      await refreshUntilStatus(page, '刷新进度', '未通过');
      await expect(page.locator('.page-card').first().innerText()).resolves.toContain('企业列入严重失信主体名单（严重违法失信名单），按本行准入政策不予授信');
      await expect(page.locator('[data-test="approved-amount"]').count()).resolves.toBe(0);
      return;
    }
    await refreshUntilStatus(page, '刷新进度', '已放款');
    await expect(page.locator('[data-test="approved-amount"]').innerText()).resolves.toBe(amountYuan);
    await expect(page.locator('[data-test="disbursed-amount"]').innerText()).resolves.toBe(amountYuan);
    // Priced inside the product's range, as the bank's policy says.
    const terms = await portal.platform.database.knex('loan_products').where({ name: product, status: 'published' }).first('min_rate', 'max_rate');
    const rate = (await applicationStatus(id, firms.clean)).approvedRate as string;
    expect(Number(rate)).toBeGreaterThanOrEqual(Number(terms.min_rate));
    expect(Number(rate)).toBeLessThanOrEqual(Number(terms.max_rate));
    await expect(page.locator('[data-test="approved-rate"]').innerText()).resolves.toBe(`${Number(rate).toFixed(2)}%`);
    const timeline = await page.locator('[data-test="timeline"]').innerText();
    for (const step of ['已提交', '银行已受理', '审批中', '已审批通过', '已签约', '已放款']) expect(timeline).toContain(step);
    expect(timeline).toContain(`年利率 ${Number(rate).toFixed(2)}%`);
    if (shots) await portal.screenshot(page, 'my-application');

    await openMenu(page, '我的申请', /\/enterprise\/applications$/);
    const row = page.locator('[data-test="applications"] .el-table__body tr', { hasText: product });
    await expect(row.innerText()).resolves.toContain('已放款');
    if (shots) await portal.screenshot(page, 'my-applications');
    // The bank decides after reading the profile (BANK_SIMULATOR_DECISION_DELAY_MS); a loaded 2-core machine needs the margin.
  }, 60_000);
});

describe('bank officer: a bank without callbacks decides and records the disbursement in the portal', () => {
  it('drafts a product, the admin publishes it, the officer accepts, approves and records the disbursement', async () => {
    const officer = await tabs.open('abc_officer');
    await openMenu(officer, '我的产品', /\/bank\/products$/);
    await officer.getByRole('button', { name: '新建产品' }).click();
    await field(officer, 'product-name').fill('农银e贷');
    await field(officer, 'min-amount').fill('100,000'); // typed as the portal shows amounts, grouped
    await field(officer, 'max-amount').fill('２，０００，０００'); // and in full-width digits
    await field(officer, 'min-rate').fill('3.5');
    await field(officer, 'max-rate').fill('4.5');
    await officer.getByRole('button', { name: '保存草稿' }).click();
    const draftRow = officer.locator('[data-test="products"] .el-table__body tr', { hasText: '农银e贷' });
    await expect(draftRow.innerText()).resolves.toContain('草稿（待审核）');
    // Both ends of the rate range with the same decimals, as typed 3.5 and 4.5.
    await expect(draftRow.innerText()).resolves.toContain('3.50% – 4.50%');
    await portal.screenshot(officer, 'bank-products');

    const admin = await tabs.open('admin');
    await openMenu(admin, '产品审核', /\/admin\/products$/);
    const reviewRow = admin.locator('[data-test="products"] .el-table__body tr', { hasText: '农银e贷' });
    await expect(reviewRow.innerText()).resolves.toContain('中国农业银行黄石分行');
    await portal.screenshot(admin, 'product-review');
    await reviewRow.getByRole('button', { name: '上架' }).click();
    // Publishing is a money action: the limits in digits and in 大写, the bank named.
    const publishDialog = await admin.locator('[data-test="money-confirm"]').innerText();
    for (const text of ['中国农业银行黄石分行「农银e贷」', '最低额度：100,000.00 元', '大写：壹拾万元整', '最高额度：2,000,000.00 元', '大写：贰佰万元整', '年利率 3.50% 至 4.50%']) expect(publishDialog).toContain(text);
    await admin.getByRole('button', { name: '确认上架' }).click();
    await admin.getByText('「农银e贷」已上架').waitFor();
    await reviewRow.waitFor({ state: 'detached' }); // it left the 待审核 list

    const { knex } = portal.platform.database;
    const product = await knex('loan_products').where({ name: '农银e贷', status: 'published' }).first('id');
    expect(product).toBeTruthy();
    const sme = await portal.platform.login(smeUsername());
    const applied = await portal.platform.api('/api/v1/loan-applications', {
      token: sme,
      body: { productId: product.id, amount: '500000', termMonths: 12, purpose: '补充流动资金' },
    });
    expect(applied.status).toBe(201);
    const { id } = ((await applied.json()) as { application: { id: string } }).application;

    await openMenu(officer, '贷款申请', /\/bank\/applications$/);
    const applicant = await knex('loan_applications as a').join('enterprises as e', 'e.id', 'a.enterprise_id').where('a.id', id).first('e.name');
    const row = officer.locator('[data-test="applications"] .el-table__body tr', { hasText: '农银e贷' });
    await expect(row.innerText()).resolves.toContain('已提交');
    await expect(row.locator('[data-test="applicant-name"]').innerText()).resolves.toBe(applicant.name);
    await officer.locator('[data-test="applications"] .el-loading-mask').waitFor({ state: 'hidden' });
    await portal.screenshot(officer, 'bank-applications');
    await row.getByRole('link', { name: '办理' }).click();
    await officer.waitForURL(new RegExp(`/bank/applications/${id}$`));

    await expect(officer.locator('[data-test="applicant"]').innerText()).resolves.toBe(applicant.name);
    // Before 受理 the decision form opened on a 批准 it could not send, with nothing said: it opens
    // on 拒绝, the one decision possible, and says why; once accepted it is back on 批准.
    await expect(officer.locator('[data-test="decide-after-accept"]').innerText()).resolves.toBe('受理后可批准或要求补充材料；受理前只能拒绝。');
    await expect(officer.locator('[data-test="decision"] .el-radio.is-checked').innerText()).resolves.toBe('拒绝');
    await officer.locator('[data-test="accept"]').click();
    await officer.locator('[data-test="status"]', { hasText: '银行已受理' }).waitFor();
    await officer.locator('[data-test="decide-after-accept"]').waitFor({ state: 'detached' });
    await expect(officer.locator('[data-test="decision"] .el-radio.is-checked').innerText()).resolves.toBe('批准');

    // 查看企业画像 reads through the consent gate: the grant made by the submission allows it, and the read is logged.
    const reads = async () => Number((await knex('consent_access_log').count({ n: '*' }).first())!.n);
    const readsBefore = await reads();
    await officer.locator('[data-test="open-profile"]').click();
    const profile = officer.locator('[data-test="applicant-profile"]');
    await expect(profile.innerText()).resolves.toMatch(/本次查询经企业授权并已留痕（查询记录号 \d+）[\s\S]*登记/);
    // The risk summary heads the profile: knockouts, this bank's pre-credit, the firm's other applications (counts only).
    await expect(officer.locator('[data-test="risk-others"]').innerText()).resolves.toMatch(/共 \d+ 笔，涉及 \d+ 家银行|无其他申请/);
    await expect(officer.locator('[data-test="risk-summary"]').innerText()).resolves.toMatch(/否决项[\s\S]*本行预授信[\s\S]*平台其他申请/);
    await officer.locator('[data-test="profile-card"]').evaluate((card) => card.scrollIntoView({ block: 'start' }));
    await portal.screenshot(officer, 'applicant-profile');
    expect(await reads()).toBe(readsBefore + 1);
    await officer.getByRole('button', { name: '收起', exact: true }).click();
    await profile.waitFor({ state: 'detached' });

    // Rejecting asks for a typed reason: the server's field error is shown on the field.
    await officer.locator('[data-test="decision"]').getByText('拒绝').click();
    await officer.getByRole('button', { name: '提交审批结论' }).click();
    await officer.locator('.el-form-item__error', { hasText: '拒绝时须选择拒绝原因' }).waitFor();

    // An approval without a rate is asked for beside the field, before any confirmation or request.
    const sent: string[] = [];
    officer.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes(`/loan-applications/${id}/`)) sent.push(r.url());
    });
    await officer.locator('[data-test="decision"]').getByText('批准').click();
    await officer.getByRole('button', { name: '提交审批结论' }).click();
    await officer.locator('[data-test="decision-form"] .el-form-item__error', { hasText: '批准时须填写批准利率' }).waitFor();
    expect(await officer.locator('[data-test="money-confirm"]').count()).toBe(0);
    // The amount the approval defaults to reads as every amount on the page does.
    expect(await field(officer, 'approved-amount-input').getAttribute('placeholder')).toBe('默认按申请金额 500,000.00 元');
    await field(officer, 'approved-rate-input').fill('4.1');
    await officer.getByRole('button', { name: '提交审批结论' }).click();
    await expect(officer.locator('[data-test="money-confirm"]').innerText()).resolves.toMatch(/批准对象：.+[\s\S]*批准金额：500,000.00 元[\s\S]*大写：伍拾万元整/);
    await officer.getByRole('button', { name: '确认批准' }).click();
    await officer.locator('[data-test="status"]', { hasText: '已审批通过' }).waitFor();
    await expect(officer.locator('[data-test="approved-rate"]').innerText()).resolves.toBe('4.10%');

    // 登记 with nothing typed names every empty field beside itself; no confirmation, nothing sent.
    const sentBefore = sent.length;
    await officer.getByRole('button', { name: '登记', exact: true }).click();
    await expect.poll(() => officer.locator('[data-test="ledger-form"] .el-form-item__error').allInnerTexts()).toEqual(['请填写银行流水号', '请填写金额（元）', '请选择日期']);
    expect(await officer.locator('[data-test="money-confirm"]').count()).toBe(0);
    expect(sent.length).toBe(sentBefore);
    await field(officer, 'ledger-reference').fill('ABC-FK-0001');
    await field(officer, 'ledger-amount').fill('500,000.00');
    // Not before the approval, recorded today (Shanghai).
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await officer.getByPlaceholder('选择日期').fill(today);
    await officer.getByPlaceholder('选择日期').press('Enter');
    await officer.getByRole('button', { name: '登记', exact: true }).click();
    // The disbursement asks first: the counterparty, the amount in digits and in 大写; nothing is recorded yet.
    const dialog = officer.locator('[data-test="money-confirm"]');
    await expect(dialog.locator('[data-test="confirm-counterparty"]').innerText()).resolves.toBe(`放款对象：${applicant.name}`);
    await expect(dialog.locator('[data-test="confirm-amount"]').innerText()).resolves.toBe('放款金额：500,000.00 元');
    await expect(dialog.locator('[data-test="confirm-amount-words"]').innerText()).resolves.toBe('大写：伍拾万元整');
    expect(await applicationStatus(id)).toMatchObject({ status: 'APPROVED', disbursedAmount: '0.00' });
    await officer.getByRole('button', { name: '确认放款' }).click();
    await officer.locator('[data-test="status"]', { hasText: '已放款' }).waitFor();
    await expect(officer.locator('[data-test="ledger"]').innerText()).resolves.toMatch(new RegExp(`放款\\s*500,000.00 元\\s*${today}\\s*ABC-FK-0001`));
    await portal.screenshot(officer, 'bank-application');

    expect(await applicationStatus(id)).toMatchObject({ status: 'DISBURSED', approvedAmount: '500000.00', approvedRate: '4.1000', disbursedAmount: '500000.00' });
    // Three users, five screenshots and three confirmations in one journey: about 60 s on a loaded shared 2-core machine.
  }, 120_000);
});

describe('a list page keeps its place', () => {
  it('贷款申请: the page and status filter survive opening an application, Back and a refresh', async () => {
    // More applications to the bank than one page (10 rows) holds, whatever ran before.
    const { platform } = portal;
    const bank = (await platform.services.institutions.findBankByCode(platform.database.knex, 'ICBC_HS'))!;
    const product = await platform.database.knex('loan_products').where({ bank_id: bank.id, status: 'published', name: '工银经营快贷' }).first('id', 'min_amount', 'min_term_months');
    const token = await platform.login(smeUsername());
    for (let i = 0; i < 11; i++) {
      const productId = await productLike(platform, product.id);
      const res = await platform.api('/api/v1/loan-applications', { token, body: { productId, amount: String(product.min_amount), termMonths: product.min_term_months, purpose: `周转${i}` } });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    const officer = await tabs.open('icbc_officer');
    await openMenu(officer, '贷款申请', /\/bank\/applications$/);
    const rows = officer.locator('[data-test="applications"] .el-table__body tr');
    await rows.first().waitFor();
    // The demo bank has more applications than one page holds.
    await officer.locator('.pager .el-pager li', { hasText: /^2$/ }).click();
    await officer.waitForURL((url) => url.searchParams.get('page') === '2');
    await expect.poll(() => officer.locator('.pager .el-pager li.is-active').innerText()).toBe('2');
    const second = await rows.first().locator('[data-test="applicant-name"]').innerText();

    await rows.first().getByRole('link', { name: '办理' }).click();
    await officer.waitForURL(/\/bank\/applications\/[0-9a-f-]+$/);
    await officer.goBack();
    await officer.waitForURL((url) => url.pathname === '/bank/applications');
    await expect.poll(() => officer.locator('.pager .el-pager li.is-active').innerText()).toBe('2');
    await expect.poll(() => rows.first().locator('[data-test="applicant-name"]').innerText()).toBe(second);

    await officer.locator('[data-test="status-filter"]').click();
    await chooseOption(officer.locator('.el-select-dropdown__item', { hasText: '已提交' }));
    await officer.waitForURL((url) => url.searchParams.get('status') === 'SUBMITTED' && !url.searchParams.has('page'));
    await officer.reload();
    await expect.poll(() => officer.locator('[data-test="status-filter"]').innerText()).toContain('已提交');
    await expect.poll(async () => (await rows.allInnerTexts()).every((r) => r.includes('已提交'))).toBe(true);

    // Clearing the filter (×) leaves it out of the address, so a refresh shows every status again.
    await officer.locator('[data-test="status-filter"]').hover();
    await officer.locator('[data-test="status-filter"] .el-select__clear').click();
    await officer.waitForURL((url) => !url.searchParams.has('status'));
    await officer.reload();
    await expect.poll(() => officer.locator('[data-test="status-filter"]').innerText()).not.toContain('已提交');
    await rows.first().waitFor();
  });
});

describe('an amount in 万元 left empty', () => {
  it('is asked for beside its field on 申请贷款 and 融资需求, with the other empty fields, before anything is sent', async () => {
    const sme = await tabs.open(smeUsername());
    const sent: string[] = [];
    sme.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/v1\/(loan-applications|financing-demands)/.test(r.url())) sent.push(r.url());
    });
    const product = await portal.platform.database.knex('loan_products as p').where({ 'p.status': 'published' }).whereNotExists((q) => q.select(1).from('loan_applications as a').whereRaw('a.product_id = p.id')).first('p.id', 'p.min_amount', 'p.max_amount');
    await sme.goto(`${portal.platform.url}/enterprise/products/${product.id}/apply`);
    await field(sme, 'purpose').waitFor();
    await sme.locator('[data-test="agree"]').click();
    await sme.getByRole('button', { name: '提交申请' }).click();
    const errors = sme.locator('.el-form-item__error');
    await expect.poll(() => errors.allInnerTexts()).toEqual(['请输入申请金额（万元）', '请输入申请期限（月）', '请填写贷款用途']);
    // An amount above the product's ceiling is said beside the field as it is typed.
    await field(sme, 'amount').fill(String((Number(product.max_amount) / 10_000) * 2));
    await field(sme, 'amount').blur();
    await expect.poll(() => errors.first().innerText()).toMatch(/^申请金额须在 [\d.,]+ 万元至 [\d.,]+ 万元之间$/);
    // Typing an amount within the range takes its message away; what was typed stays.
    await field(sme, 'amount').fill(String(Number(product.min_amount) / 10_000));
    await field(sme, 'amount').blur();
    await expect.poll(() => errors.allInnerTexts()).toEqual(['请输入申请期限（月）', '请填写贷款用途']);

    await openMenu(sme, '融资需求', /\/enterprise\/demands$/);
    await field(sme, 'demand-purpose').waitFor();
    await sme.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => errors.allInnerTexts()).toEqual(['请输入需求金额（万元）', '请输入期限（月）', '请填写资金用途']);
    expect(sent).toEqual([]);
  });
});

describe('融资需求 and 抢单', () => {
  it('the SME posts a demand; when another bank takes it first, the officer sees the 409 on the row', async () => {
    const sme = await tabs.open(smeUsername());
    await openMenu(sme, '融资需求', /\/enterprise\/demands$/);
    await field(sme, 'demand-amount').fill('80');
    await field(sme, 'demand-term').fill('12');
    await field(sme, 'demand-purpose').fill('扩大生产线');
    // The SME decides now what the bank that takes the demand may read: it drops 纳税.
    await sme.locator('[data-test="demand-consent"] [data-test="scope-tax"]').click();
    await sendConfirmed(sme, '发布', '确认发布');
    const row = sme.locator('[data-test="demands"] .el-table__body tr', { hasText: '扩大生产线' });
    await expect(row.innerText()).resolves.toMatch(/80 万元[\s\S]*待银行接单/);
    await expect(sme.locator('[data-test="open-demand"]').innerText()).resolves.toContain('80 万元，12 个月，用于扩大生产线');
    expect(await sme.getByRole('button', { name: '发布' }).count()).toBe(0);
    const { knex } = portal.platform.database;
    const demand = await knex('financing_demands').where({ purpose: '扩大生产线' }).first('id');
    const icbc = await tabs.open('icbc_officer');
    await openMenu(icbc, '融资需求大厅', /\/bank\/demands$/);
    const open = icbc.locator('[data-test="open-demands"] .el-table__body tr', { hasText: '扩大生产线' });
    await open.waitFor();
    await expect(open.innerText()).resolves.toMatch(/登记注册、社会保险、司法判决及执行、严重失信主体名单；90 天；一次性/);

    // 建设银行 takes it through the API while 工商银行 still has the hall open.
    const ccb = await portal.platform.login('ccb_officer');
    expect((await portal.platform.api(`/api/v1/bank/financing-demands/${demand.id}/accept`, { token: ccb, method: 'POST' })).status).toBe(200);
    const taken = await knex('financing_demands').where({ id: demand.id }).first('application_id');
    const grant = await knex('consent_grants').where({ application_id: taken.application_id }).first('scopes', 'fetch_type');
    expect([...grant.scopes].sort()).toEqual(['credit_lists', 'judicial', 'register', 'social_security']);
    await open.getByRole('button', { name: '抢单' }).click();
    await expect(icbc.locator('[data-test="money-confirm"]').innerText()).resolves.toMatch(/需求金额：800,000.00 元[\s\S]*大写：捌拾万元整/);
    await icbc.getByRole('button', { name: '确认接单' }).click();
    await expect(open.locator('[data-test="lost"]').innerText()).resolves.toContain('抢单未成功：该融资需求已被其他银行接单或已撤回');
    await portal.screenshot(icbc, 'demand-hall');

    await sme.reload();
    await row.getByText('中国建设银行黄石分行').waitFor(); // bank names arrive with the institution list
    await expect(row.innerText()).resolves.toMatch(/已被银行受理[\s\S]*中国建设银行黄石分行[\s\S]*查看申请/);
    await portal.screenshot(sme, 'my-demands');
  });
});

describe('admin and financial office', () => {
  it('消息投递 lists a dead-lettered message and queues it again', async () => {
    const { knex } = portal.platform.database;
    const message = await knex('outbox_messages').where({ status: 'delivered' }).orderBy('created_at').first('id');
    await knex('outbox_messages').where({ id: message.id }).update({ status: 'dead', last_error: 'HTTP 503 银行系统繁忙', delivered_at: null });
    const admin = await tabs.open('admin');
    await openMenu(admin, '消息投递', /\/admin\/outbox$/);
    const row = admin.locator('[data-test="outbox"] .el-table__body tr', { hasText: 'HTTP 503 银行系统繁忙' });
    await expect(row.innerText()).resolves.toContain('银行系统');
    // Receiver and type in words, never an id, a bank code or an event code.
    await expect.poll(() => admin.locator('[data-test="outbox-target"]').allInnerTexts()).not.toContain('');
    for (const cell of [...(await admin.locator('[data-test="outbox-target"]').allInnerTexts()), ...(await admin.locator('[data-test="outbox-topic"]').allInnerTexts())]) {
      expect(cell).not.toMatch(/[0-9a-f]{8}-|[A-Z]{2,}_[A-Z]|[a-z]+[._][a-z]+/);
    }
    expect(['推送贷款申请', '授权生效通知', '短信通知']).toContain(await row.locator('[data-test="outbox-topic"]').innerText());
    await portal.screenshot(admin, 'outbox');
    await row.getByRole('button', { name: '重新投递' }).click();
    await admin.getByText('已重新加入投递队列').waitFor();
    await row.waitFor({ state: 'detached' });
    expect((await knex('outbox_messages').where({ id: message.id }).first('status')).status).not.toBe('dead');
  });

  it('银行服务时效 charts time to acceptance/decision and 接单率 per bank', async () => {
    const page = await tabs.open('jrj_viewer');
    await page.getByRole('link', { name: /银行服务时效/ }).first().click();
    await page.waitForURL(/\/oversight\/lending-sla$/);
    await page.locator('[data-test="hours-chart"] canvas').waitFor();
    await page.locator('[data-test="rate-chart"] canvas').waitFor();
    // The charts are drawn before the figures arrive; the table shows only its loading state until then.
    await page.locator('[data-test="sla-banks"]').getByText('湖北银行黄石分行').waitFor();
    const banks = await page.locator('[data-test="sla-banks"]').innerText();
    for (const bank of ['湖北银行黄石分行', '黄石农村商业银行', '中国农业银行黄石分行']) expect(banks).toContain(bank);
    await page.waitForTimeout(500); // the bars grow in for 400 ms
    await portal.screenshot(page, 'lending-sla');
  });
});
