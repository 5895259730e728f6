/// <reference lib="dom" />
// Issue 16, the rest: a mortgage loan (厂房抵押贷, 农业银行 works in the web) through the simulated
// 不动产登记中心: the bank applies for 最高额抵押 after approval, 受理 → 核定 → 登簿 arrive, the
// 不动产登记证明号 shows on both sides, then the bank records the disbursement.
import { describe, expect, it } from 'vitest';
import { field } from './helpers/form-field.js';
import { sendConfirmed } from './helpers/money-confirm.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ OUTBOX_POLL_MS: '20', OUTBOX_BACKOFF_BASE_MS: '20', SCHEDULER_ENABLED: 'false', REGISTRY_SIMULATOR_STEP_MS: '300' });

function smeUsername(): string {
  const account = portal.platform.demo?.accounts.find((a) => a.role === 'enterprise');
  if (!account) throw new Error('demo enterprise missing');
  return account.username;
}

describe('厂房抵押贷 through 登簿', () => {
  it('the bank registers a 最高额抵押 online and both sides see the 不动产登记证明号', async () => {
    const sme = await tabs.open(smeUsername());
    await sme.getByRole('menuitem', { name: '金融产品' }).click();
    await sme.waitForURL(/\/enterprise\/products$/);
    await sme.locator('[data-test="product-厂房抵押贷"]').getByRole('button', { name: '申请贷款' }).click();
    await sme.waitForURL(/\/apply$/);
    await field(sme, 'amount').fill('60');
    await field(sme, 'term').fill('24');
    await field(sme, 'purpose').fill('购置生产设备');
    await sme.getByText('我已阅读并同意上述授权').click();
    await sendConfirmed(sme, '提交申请', '确认提交');
    await sme.waitForURL(/\/enterprise\/applications\/[0-9a-f-]+$/);
    const id = sme.url().split('/').at(-1)!;

    const officer = await tabs.open('abc_officer', { path: `/bank/applications/${id}` });
    await officer.locator('[data-test="mortgage-card"]', { hasText: '贷款审批通过后可申请不动产抵押登记' }).waitFor();
    await officer.locator('[data-test="accept"]').click();
    await officer.locator('[data-test="status"]', { hasText: '银行已受理' }).waitFor();
    await field(officer, 'approved-rate-input').fill('4.0');
    await officer.getByRole('button', { name: '提交审批结论' }).click();
    await officer.getByRole('button', { name: '确认批准' }).click();
    await officer.locator('[data-test="status"]', { hasText: '已审批通过' }).waitFor();

    await field(officer, 'mortgage-evaluation').fill('1500000.00');
    await field(officer, 'mortgage-unit').fill('420202001001GB00001F00010001');
    await field(officer, 'mortgage-location').fill('黄石市下陆区团城山街道厂房1号');
    // 最高额抵押 needs its 最高债权额: the server names the field.
    await officer.locator('[data-test="mortgage-submit"]').click();
    await officer.getByRole('button', { name: '提交', exact: true }).click();
    await officer.locator('.el-form-item__error', { hasText: '最高额抵押须填写最高债权额' }).waitFor();
    await field(officer, 'mortgage-highest-claim').fill('900000.00');
    await officer.locator('[data-test="mortgage-submit"]').click();
    // A money action: the sums it secures are confirmed in digits and in 大写, with the property.
    const confirm = await officer.locator('[data-test="money-confirm"]').innerText();
    for (const line of ['评估价值：1,500,000.00 元', '大写：壹佰伍拾万元整', '最高债权额：900,000.00 元', '大写：玖拾万元整', '420202001001GB00001F00010001']) expect(confirm).toContain(line);
    await officer.getByRole('button', { name: '提交', exact: true }).click();

    await officer.locator('[data-test="mortgage-status"]', { hasText: '已登簿' }).waitFor({ timeout: 15_000 });
    const warrant = await officer.locator('[data-test="warrant-no"]').innerText();
    expect(warrant).toMatch(/^鄂\(\d{4}\)黄石市不动产证明第\d+号$/);
    const progress = await officer.locator('[data-test="mortgage-progress"]').innerText();
    for (const step of ['银行提交抵押登记申请', '受理（登记机构通知）', '核定（登记机构通知）', '登簿（登记机构通知）', '最高额抵押', '900,000.00']) expect(progress).toContain(step);
    expect(progress).not.toMatch(/\b[A-Za-z]{3,}\b/);
    await portal.screenshot(officer, 'mortgage-registered');

    await field(officer, 'ledger-reference').fill('ABC-FK-DY01');
    await field(officer, 'ledger-amount').fill('600000.00');
    // Not before the approval, which was recorded today (Shanghai).
    await officer.getByPlaceholder('选择日期').fill(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
    await officer.getByPlaceholder('选择日期').press('Enter');
    await officer.getByRole('button', { name: '登记', exact: true }).click();
    await officer.getByRole('button', { name: '确认放款' }).click();
    await officer.locator('[data-test="status"]', { hasText: '已放款' }).waitFor();
    // A first repayment, typed grouped as amounts are shown: both sides see how much is still owed.
    await officer.locator('[data-test="ledger-form"]').getByText('还款', { exact: true }).click();
    await field(officer, 'ledger-reference').fill('ABC-HK-DY01');
    await field(officer, 'ledger-amount').fill('150,000');
    await officer.getByPlaceholder('选择日期').fill(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
    await officer.getByPlaceholder('选择日期').press('Enter');
    await officer.getByRole('button', { name: '登记', exact: true }).click();
    await expect(officer.locator('[data-test="money-confirm"] [data-test="confirm-amount"]').innerText()).resolves.toBe('还款金额：150,000.00 元');
    await officer.getByRole('button', { name: '确认还款' }).click();
    await officer.locator('[data-test="status"]', { hasText: '还款中' }).waitFor();
    await expect(officer.locator('[data-test="repayment-progress"]').innerText()).resolves.toMatch(/已还 25%\s*待还本金 450,000.00 元/);

    await sme.reload();
    await sme.locator('[data-test="status"]', { hasText: '还款中' }).waitFor();
    await expect(sme.locator('[data-test="outstanding"]').innerText()).resolves.toBe('待还本金 450,000.00 元');
    await expect(sme.locator('[data-test="warrant-no"]').innerText()).resolves.toBe(warrant);
    await expect(sme.locator('[data-test="mortgage-status"]').innerText()).resolves.toBe('已登簿');
    // Both parties' timelines carry the registry's steps among the loan's, in time order.
    for (const page of [sme, officer]) {
      if (page === officer) await officer.reload();
      const timeline = page.locator('[data-test="timeline"]');
      await timeline.locator('[data-test="registry-step"]', { hasText: '登簿' }).waitFor();
      const text = await timeline.innerText();
      for (const step of ['不动产登记·受理', '不动产登记·核定', '不动产登记·登簿', `不动产登记证明号 ${warrant}`]) expect(text).toContain(step);
      expect(text.indexOf('已审批通过')).toBeLessThan(text.indexOf('不动产登记·受理'));
    }
    await portal.screenshot(sme, 'mortgage-application');
  });
});
