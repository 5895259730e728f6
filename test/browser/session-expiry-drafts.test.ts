/// <reference lib="dom" />
// An enterprise typing its 融资需求 lost every word when its login ended under it (it ran out, it
// was ended on all devices, its role was changed): the login page came, and signing in again
// removed the tab's drafts as if another person had sat down. Drafts now belong to the person: the
// same one signing in again finds the form as they left it; anyone else signing in in that tab
// finds none of it.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoEnterpriseLogin } from '../helpers/lending-fixtures.js';
import { field } from './helpers/form-field.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });

/** Ends every login of `username` from a tab of its own, as 全部设备退出 does. */
async function endEverywhere(username: string): Promise<void> {
  const other = await tabs.open(username);
  await other.getByText('全部设备退出').click();
  await other.waitForURL(/\/logout/);
  await other.getByText('您已在所有设备上退出').waitFor();
}

async function signInAgain(page: Page, username: string): Promise<void> {
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill('Demo@2026');
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

const draftKeys = (page: Page) => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('xyd.draft.')));

describe('a login that ends while a form is half filled', () => {
  it('gives the same person their words back after signing in again, and nobody else', async () => {
    const username = demoEnterpriseLogin(portal.platform);
    const page = await tabs.open(username, { path: '/enterprise/demands' });
    await field(page, 'demand-purpose').fill('采购数控机床，扩大二期产线');
    await field(page, 'demand-purpose').blur();

    await endEverywhere(username);
    await page.reload();
    await page.getByText('您的登录已结束').first().waitFor();
    await signInAgain(page, username);
    await page.waitForURL(/\/enterprise\/demands$/);
    await expect.poll(() => field(page, 'demand-purpose').inputValue()).toBe('采购数控机床，扩大二期产线');

    // The login ends again; a bank officer signs in in the same tab: the enterprise's draft is gone.
    await endEverywhere(username);
    await page.reload();
    await page.getByText('您的登录已结束').first().waitFor();
    expect(await draftKeys(page)).not.toEqual([]);
    await signInAgain(page, 'icbc_officer');
    expect(await draftKeys(page)).toEqual([]);
  });
});
