/// <reference lib="dom" />
// What a page says while its figures are on their way: a chart drawn before its answer said 暂无…
// (beneath the card's loading mask, read by a screen reader, and plainly where a page had no mask),
// and 监测看板's drill-down opened on a second figure showed the first figure's bars under the
// second's title until its own answer came. Now the chart's place says it is loading, and the
// dialog shows nothing of another figure.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoEnterpriseLogin } from '../helpers/lending-fixtures.js';
import { PHONE } from './helpers/chromium.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });

/** Holds the answers to requests matching `pattern` until `release` is called. */
async function hold(page: Page, pattern: string): Promise<{ release: () => void }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(pattern, async (route) => {
    await released;
    await route.continue();
  });
  return { release };
}

describe('a chart whose figures are loading', () => {
  it('银行服务时效 says its charts are loading, never that there is nothing, until the figures come', async () => {
    const page = await tabs.open('jrj_viewer');
    const held = await hold(page, '**/api/v1/oversight/lending-sla**');
    await page.goto(`${portal.platform.url}/oversight/lending-sla`);
    const main = page.locator('main');
    await expect.poll(() => main.locator('[data-test="chart-loading"]').count()).toBe(2);
    expect(await main.locator('[data-test="chart-empty"]').count()).toBe(0);
    expect(await main.innerText()).not.toContain('暂无');
    held.release();
    await expect.poll(() => main.locator('[data-test="chart-loading"]').count()).toBe(0);
  });
});

describe('监测看板 drill-down', () => {
  it('opened on a second figure shows none of the first figure’s rows while its own load', async () => {
    const page = await tabs.open('jrj_viewer', { path: '/oversight/monitoring' });
    await page.locator('[data-test="drill-registration_share"]').click();
    const dialog = page.locator('.el-dialog', { has: page.locator('[data-test="drill-down"]') });
    await dialog.locator('[data-test="drill-down-chart"] canvas').waitFor();
    await dialog.locator('.el-dialog__headerbtn').click();
    await dialog.waitFor({ state: 'hidden' });

    const held = await hold(page, '**/api/v1/oversight/drill-down**');
    await page.locator('[data-test="drill-authorisation_share_ever"]').click();
    await dialog.getByText('授权主体占比（累计） · 明细').waitFor();
    expect(await dialog.locator('[data-test="drill-down-chart"]').count()).toBe(0);
    expect(await dialog.locator('[data-test="drill-down"] .el-table__row').count()).toBe(0);
    held.release();
    await dialog.locator('[data-test="drill-down-chart"], [data-test="drill-down"] .el-table__row').first().waitFor();
  });
});

/** What the keyboard focus is on: its accessible name or text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    return (e?.getAttribute('aria-label') ?? e?.innerText ?? '').trim();
  });
}

/** Presses Tab until the focus is on `name` (at most `limit` times); whether it got there. */
async function tabTo(page: Page, name: string, limit = 40): Promise<boolean> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)) === name) return true;
  }
  return false;
}

// Element Plus leaves a vertical menu's items out of the Tab order: with a keyboard alone nobody
// could open another page than the links on the one they were on.
describe('the side menu with a keyboard alone', () => {
  it('is reached with Tab and opens a page with Enter, at 1366 pixels and in the collapsed menu at 1280', async () => {
    const page = await tabs.open('jrj_viewer');
    expect(await tabTo(page, '银行服务时效')).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/oversight\/lending-sla$/);
    await page.setViewportSize({ width: 1280, height: 1024 });
    await page.locator('.side-menu.el-menu--collapse').waitFor();
    expect(await tabTo(page, '月度报送')).toBe(true);
    await page.keyboard.press('Space');
    await page.waitForURL(/\/national-feed$/);
  });

  it('is reached on a phone through the menu button, and closes once a page is chosen', async () => {
    const page = await tabs.open('jrj_viewer');
    await page.setViewportSize(PHONE);
    expect(await tabTo(page, '打开菜单')).toBe(true);
    await page.keyboard.press('Enter');
    const drawer = page.locator('.el-drawer');
    await drawer.waitFor();
    expect(await tabTo(page, '监测看板')).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/oversight\/monitoring$/);
    await drawer.waitFor({ state: 'hidden' });
  });
});

// A temporary password shown once went with a click beside its dialog or Esc: the staff account
// existed and nobody knew its password.
describe('a value shown once', () => {
  it('企业人员 keeps a new staff member’s temporary password in view through a click beside the dialog and Esc', async () => {
    const page = await tabs.open(demoEnterpriseLogin(portal.platform), { path: '/enterprise/staff' });
    await page.locator('[data-test="add-staff"]').click();
    const dialog = page.locator('.el-dialog', { hasText: '添加人员' });
    await dialog.locator('input[name="username"]').fill('chenli01');
    await dialog.locator('input[name="displayName"]').fill('陈立');
    await dialog.locator('input[name="mobile"]').fill('13900002222');
    await dialog.locator('[data-test="submit-staff"]').click();
    const password = dialog.locator('input[data-test="temporary-password"]');
    await password.waitFor();
    const shown = await password.inputValue();
    expect(shown).not.toBe('');
    await page.mouse.click(20, 400);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(400); // the dialog's closing animation, had it started
    expect(await password.isVisible()).toBe(true);
    expect(await password.inputValue()).toBe(shown);
  });
});

// With a temporary password the platform refuses every call but the change itself: a new staff
// member who left 修改密码 by the menu or an address met pages of failures and 重试 buttons.
describe('a temporary password', () => {
  it('keeps its person on 修改密码 until it is changed', async () => {
    const legal = await portal.platform.login(demoEnterpriseLogin(portal.platform));
    const added = await portal.platform.api('/api/v1/enterprise/staff', { token: legal, body: { username: 'zhaomin01', displayName: '赵敏', mobile: '13900004444', position: 'staff' } });
    expect(added.status).toBe(201);
    const { temporaryPassword } = (await added.json()) as { temporaryPassword: string };
    const page = await tabs.open('zhaomin01', { password: temporaryPassword, path: '/change-password' });
    await page.goto(`${portal.platform.url}/enterprise/applications`);
    await page.getByText('请先设置自己的密码，再使用平台').waitFor();
    expect(new URL(page.url()).pathname).toBe('/change-password');
    expect(await page.locator('main').innerText()).not.toContain('加载失败');
  });
});

