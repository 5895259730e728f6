/// <reference lib="dom" />
// Issue 18: the financial office opens 监测看板 on the demo city (plus a hand-made district with
// loans), the charts render, the figures on the page are the API's, a figure drills down to its
// banks, and nothing on the page is a raw code or English.
import { beforeAll, describe, expect, it } from 'vitest';
import { seedOversightDistrict } from '../helpers/oversight-fixtures.js';
import { seedPrecreditWhitelist } from '../helpers/precredit-funnel-fixture.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });

type Figure = { code: string; value: string | null; unit: 'percent' | 'count' | 'yuan' | 'rate'; unavailable: string | null };

/** The number a figure's text stands for, read independently of the portal's formatting code. */
function shownNumber(text: string, unit: Figure['unit']): number {
  const n = Number(text.replace(/[,%\s万元]/g, ''));
  return unit === 'percent' ? n / 100 : unit === 'yuan' ? n * 10_000 : n;
}

beforeAll(async () => {
  const fixture = await seedOversightDistrict(portal.platform.database.knex);
  await seedPrecreditWhitelist(portal.platform.database.knex, fixture);
  await portal.platform.services.oversight.refresh();
  // The hand-made district's application waiting since 2026-10 is past twice its limit: an office alert.
  await portal.platform.services.oversight.escalateOverdue();
});

describe('监测看板', () => {
  it('charts the demo city against its targets and shows the API figures', async () => {
    const page = await tabs.open('jrj_viewer');
    await page.locator('[data-test="bank-connections"]').getByText('已对接银行').waitFor();
    await page.getByRole('link', { name: /监测看板/ }).first().click();
    await page.waitForURL(/\/oversight\/monitoring$/);
    for (const chart of ['district-chart', 'trend-shares', 'trend-amounts', 'funnel-chart', 'precredit-funnel-chart']) await page.locator(`[data-test="${chart}"] canvas`).waitFor();
    await page.locator('[data-test="gauge-registration_share"] canvas').waitFor();

    const token = await portal.platform.login('jrj_viewer');
    const api = (await (await portal.platform.api('/api/v1/oversight/kpis', { token })).json()) as { figures: Figure[] };
    for (const f of api.figures) {
      const shown = await page.locator(`[data-test="kpi-${f.code}"]`).innerText();
      if (f.unavailable || f.value === null) expect(shown, f.code).toBe(f.unavailable ? '暂无数据' : '—');
      else expect(shownNumber(shown, f.unit), f.code).toBeCloseTo(Number(f.value), f.unit === 'yuan' ? -2 : 4);
    }
    // The demo city's 不动产 and 科技研发 records give the two coverage figures a value (issue 18).
    for (const code of ['coverage_real_estate', 'coverage_rnd']) {
      expect(Number(api.figures.find((f) => f.code === code)?.value), code).toBeGreaterThan(0);
      expect(await page.locator(`[data-test="kpi-${code}"]`).innerText(), code).toMatch(/^[\d,.]+%$/);
    }
    const gauge = await page.locator('[data-test="gauge-registration_share"]').innerText();
    expect(gauge).toContain('目标：高于 20.00%');
    expect(gauge).toContain('黄信用〔2023〕1号');

    const service = await page.locator('[data-test="bank-service"]').innerText();
    expect(service).toContain('测试村镇银行');
    expect(await page.locator('[data-test="bank-service"] .overdue-row').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-test="overdue-list"]').innerText()).toContain('已上报金融办');
    const funnel = await page.locator('[data-test="funnel-table"]').innerText();
    for (const stage of ['注册', '授权', '申请', '受理', '审批通过', '放款']) expect(funnel).toContain(stage);
    const funnelApi = (await (await portal.platform.api('/api/v1/oversight/funnel', { token })).json()) as { precredit: { stages: { count: number }[] } };
    const precredit = page.locator('[data-test="precredit-funnel-table"] tbody tr');
    expect(await precredit.count()).toBe(4);
    for (const [i, stage] of ['白名单', '走访', '授信', '放款'].entries()) {
      const cells = await precredit.nth(i).locator('td').allInnerTexts();
      expect(cells[0]).toBe(stage);
      expect(Number(cells[1]!.replace(/,/g, ''))).toBe(funnelApi.precredit.stages[i]!.count);
    }
    expect(funnelApi.precredit.stages[0]!.count).toBeGreaterThanOrEqual(4);

    const text = await page.locator('main').innerText();
    expect(text.match(/[A-Za-z_]{2,}/g), 'raw codes or English on the page').toBeNull();
    await page.waitForTimeout(500); // charts grow in for 400 ms
    await portal.screenshot(page, 'oversight-monitoring');
  });

  it('lists the overdue cases raised to the office with the unread count, and the office acknowledges one', async () => {
    const page = await tabs.open('jrj_viewer');
    await page.locator('[data-test="workbench-alerts"]').getByRole('link', { name: /前往监测看板确认/ }).click();
    await page.waitForURL(/\/oversight\/monitoring$/);
    const list = page.locator('[data-test="alerts-list"]');
    await list.getByText('测试村镇银行').first().waitFor();
    const unread = async () => Number((await page.locator('[data-test="alerts-unread"]').innerText()).replace(/\D/g, ''));
    const before = await unread();
    expect(before).toBeGreaterThan(0);
    expect(await list.innerText()).toContain('受理超时');
    await list.locator('tr', { hasText: '测试村镇银行' }).first().locator('[data-test="acknowledge"]').click();
    await page.getByText('已确认').waitFor();
    await expect.poll(unread).toBe(before - 1);
    await portal.screenshot(page, 'oversight-alerts');
  });

  it('drills down from 商业银行接入率 to the banks, connected only where the connection works', async () => {
    const page = await tabs.open('jrj_viewer', { path: '/oversight/monitoring' });
    await page.locator('[data-test="drill-bank_access_share"]').click();
    const dialog = page.locator('[data-test="drill-down"]');
    await dialog.getByText('测试村镇银行').waitFor();
    const row = dialog.locator('tr', { hasText: '测试村镇银行' });
    expect(await row.innerText()).toContain('未对接');
    expect(await dialog.innerText()).toContain('已对接');
    await portal.screenshot(page, 'oversight-drill-down');
  });

  it('shows the banks behind 平台普惠贷款余额 side by side on a chart, not only as a list', async () => {
    const page = await tabs.open('jrj_viewer', { path: '/oversight/monitoring' });
    await page.locator('[data-test="drill-inclusive_balance"]').click();
    await page.locator('[data-test="drill-down"]').getByText('测试村镇银行').waitFor();
    const chart = page.locator('[data-test="drill-down-chart"]');
    await chart.locator('canvas').waitFor();
    expect(await chart.getAttribute('aria-label')).toBe('平台普惠贷款余额明细对比图');
    expect((await chart.boundingBox())!.height).toBeGreaterThan(100);
    await portal.screenshot(page, 'oversight-drill-down-chart');
  });
});
