/// <reference lib="dom" />
// What a page says while its figures are on their way: a chart drawn before its answer said 暂无…
// (beneath the card's loading mask, read by a screen reader, and plainly where a page had no mask),
// and 监测看板's drill-down opened on a second figure showed the first figure's bars under the
// second's title until its own answer came. Now the chart's place says it is loading, and the
// dialog shows nothing of another figure.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
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
