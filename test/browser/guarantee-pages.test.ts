/// <reference lib="dom" />
// Issue 16: a 科担快贷 (见保即贷) from the SME's application through the guarantee company's step
// (queue, profile through the consent gate, 同意担保) to the bank's disbursement (simulator).
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loggedInTabs } from './helpers/logged-in-tabs.js';
import { startPortal, type Portal } from './helpers/portal.js';

let portal: Portal;
const tabs = loggedInTabs(() => portal);

beforeAll(async () => {
  portal = await startPortal({ OUTBOX_POLL_MS: '20', OUTBOX_BACKOFF_BASE_MS: '20', SCHEDULER_ENABLED: 'false' });
});
afterAll(() => portal?.close());
afterEach(() => tabs.closeAll());

function smeUsername(): string {
  const account = portal.platform.demo?.accounts.find((a) => a.role === 'enterprise');
  if (!account) throw new Error('demo enterprise missing');
  return account.username;
}

function field(page: Page, name: string) {
  return page.locator(`input[data-test="${name}"], textarea[data-test="${name}"], [data-test="${name}"] input, [data-test="${name}"] textarea`).first();
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
    await sme.getByRole('button', { name: '提交申请' }).click();
    await sme.waitForURL(/\/enterprise\/applications\/[0-9a-f-]+$/);
    // 建设银行 is a manual demo bank; its system is scripted here to approve inside the product's range and disburse.
    const scripted = [{ event: 'accepted' }, { event: 'under_review' }, { event: 'approved', rate: '4.00' }, { event: 'contracted' }, { event: 'disbursed' }] as const;
    portal.platform.bankSimulator!.setScript(sme.url().split('/').at(-1)!, { steps: [...scripted] });
    await expect(sme.locator('[data-test="status"]').innerText()).resolves.toBe('担保机构审核中');

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
    await officer.locator('[data-test="grant"]').click();
    await officer.getByRole('button', { name: '确认' }).click();
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
