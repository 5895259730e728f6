// A refresh, the browser's Back or a stray click on the menu threw away what an enterprise had typed
// into 申请贷款 or 融资需求. What is typed now stays in the tab until it is sent, and is gone for the
// next person who logs in there.
import { describe, expect, it } from 'vitest';
import { demoEnterpriseLogin } from '../helpers/lending-fixtures.js';
import { field } from './helpers/form-field.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });

describe('what an enterprise types into a form', () => {
  it('survives a refresh and Back on 申请贷款, and is gone after logging out', async () => {
    const username = demoEnterpriseLogin(portal.platform);
    const page = await tabs.open(username);
    await page.goto(`${portal.platform.url}/enterprise/products`);
    await page.getByRole('button', { name: '申请贷款' }).first().click();
    await page.waitForURL(/\/enterprise\/products\/[^/]+\/apply$/);
    const applyUrl = page.url();
    await field(page, 'amount').fill('50');
    await field(page, 'term').fill('12');
    await field(page, 'purpose').fill('采购原材料');
    await field(page, 'purpose').blur();

    await page.reload();
    await expect.poll(() => field(page, 'purpose').inputValue()).toBe('采购原材料');
    expect(await field(page, 'amount').inputValue()).toBe('50.00');
    expect(await field(page, 'term').inputValue()).toBe('12');

    await page.goto(`${portal.platform.url}/enterprise/applications`);
    await page.goBack();
    await page.waitForURL(applyUrl);
    await expect.poll(() => field(page, 'purpose').inputValue()).toBe('采购原材料');

    await page.locator('.topbar .logout').click();
    await page.waitForURL(/\/logout$/);
    await page.goto(`${portal.platform.url}/login?redirect=${encodeURIComponent(new URL(applyUrl).pathname)}`);
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill('Demo@2026');
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(applyUrl);
    await field(page, 'purpose').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await field(page, 'purpose').inputValue()).toBe('');
    expect(await field(page, 'amount').inputValue()).toBe('');
  });

  it('survives a refresh on 融资需求 until it is posted, then the form is empty again', async () => {
    const page = await tabs.open(demoEnterpriseLogin(portal.platform), { path: '/enterprise/demands' });
    await field(page, 'demand-amount').fill('80');
    await field(page, 'demand-term').fill('12');
    await field(page, 'demand-purpose').fill('扩大生产线');
    await field(page, 'demand-purpose').blur();

    await page.reload();
    await expect.poll(() => field(page, 'demand-purpose').inputValue()).toBe('扩大生产线');
    await page.getByRole('button', { name: '发布' }).click();
    // Posting asks first, stating the amount in digits and in 大写金额.
    await expect(page.locator('[data-test="confirm-amount"]').innerText()).resolves.toBe('需求金额：800,000.00 元');
    await expect(page.locator('[data-test="confirm-amount-words"]').innerText()).resolves.toBe('大写：捌拾万元整');
    await page.locator('.el-message-box').getByRole('button', { name: '确认发布' }).click();
    await expect(page.locator('[data-test="open-demand"]').innerText()).resolves.toContain('80 万元，12 个月，用于扩大生产线');
    // Posted: nothing is kept for the next demand.
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('xyd.draft.')))).toEqual([]);
  });
});
