/// <reference lib="dom" />
// A form refused, by its own checks or by the server, showed its messages beside the fields and
// left the focus on the button: on a phone the wrong field was above the screen, and a keyboard
// user had to tab back through the form to find it. Now the first wrong field is brought to the
// middle of the screen with the cursor in it, whichever way the form was refused.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoEnterpriseLogin } from '../helpers/lending-fixtures.js';
import { PHONE } from './helpers/chromium.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });

/** The label of the form item holding the focus, and whether the focused control is on the screen. */
async function focused(page: Page): Promise<{ label: string | null; onScreen: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const label = el?.closest('.el-form-item')?.querySelector('.el-form-item__label')?.textContent?.trim() ?? null;
    const box = el?.getBoundingClientRect();
    const onScreen = !!box && box.top >= 0 && box.bottom <= window.innerHeight;
    return { label, onScreen };
  });
}

describe('a refused form', () => {
  it('puts the cursor in the first field its own checks refused, on the screen of a phone', async () => {
    const page = await tabs.open(demoEnterpriseLogin(portal.platform), { path: '/enterprise/demands' });
    await page.setViewportSize(PHONE);
    const send = page.getByRole('button', { name: '发布', exact: true });
    await send.scrollIntoViewIfNeeded();
    await send.click();
    await page.locator('.el-form-item.is-error').first().waitFor();
    await expect.poll(() => focused(page)).toEqual({ label: '需求金额（万元）', onScreen: true });
    // The cursor is in the field: typing fills it.
    await page.keyboard.type('20');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator('[data-test="demand-amount"] input').inputValue()).toBe('20.00');
  });

  it('puts the cursor in the first field the server refused', async () => {
    const page = await tabs.open(demoEnterpriseLogin(portal.platform), { path: '/enterprise/staff' });
    await page.locator('[data-test="add-staff"]').click();
    const dialog = page.locator('.el-dialog');
    await dialog.locator('input[name="username"]').fill('newclerk7');
    await dialog.locator('input[name="mobile"]').fill('12');
    await dialog.locator('[data-test="submit-staff"]').click();
    await dialog.locator('.el-form-item.is-error').first().waitFor();
    const firstWrong = await dialog.locator('.el-form-item.is-error .el-form-item__label').first().textContent();
    expect(firstWrong?.trim()).not.toBe('登录账号');
    await expect.poll(() => focused(page)).toEqual({ label: firstWrong?.trim(), onScreen: true });
  });

  it('puts the cursor in the field a form rule refused when Enter sent it', async () => {
    const page = await portal.newPage();
    await page.goto(`${portal.platform.url}/login`);
    await page.locator('input[name="username"]').fill(demoEnterpriseLogin(portal.platform));
    await page.locator('input[name="username"]').press('Enter');
    await page.locator('.el-form-item.is-error').first().waitFor();
    await expect.poll(() => focused(page)).toEqual({ label: '密码', onScreen: true });
    await page.close();
  });
});

describe('Enter in a form of several fields', () => {
  it('goes on to the next field, and in the last one sends the form', async () => {
    const page = await tabs.open(demoEnterpriseLogin(portal.platform), { path: '/enterprise/staff' });
    await page.locator('[data-test="add-staff"]').click();
    const dialog = page.locator('.el-dialog');
    await dialog.locator('input[name="username"]').fill('enter.clerk');
    await dialog.locator('input[name="username"]').press('Enter');
    await expect.poll(() => focused(page)).toMatchObject({ label: '姓名' });
    // Nothing was sent yet: the dialog still asks for the rest.
    expect(await dialog.locator('[data-test="temporary-password"]').count()).toBe(0);
    await page.keyboard.type('吴出纳');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toMatchObject({ label: '手机号' });
    await page.keyboard.type('13911117777');
    await page.keyboard.press('Enter');
    await dialog.locator('[data-test="temporary-password"]').first().waitFor();
  });
});
