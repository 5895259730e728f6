/// <reference lib="dom" />
// List tables fit a 1366-pixel laptop screen and a 1280 × 1024 office monitor: a table wider than
// its page scrolls sideways, and columns such as 已查询 and 授权时间 sat behind the fixed 操作
// column where nobody saw them. Below 1366 pixels the menu shows its icons only.
import { beforeAll, describe, expect, it } from 'vitest';
import { demoEnterpriseLogin, productInput } from '../helpers/lending-fixtures.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });

beforeAll(async () => {
  // A draft waiting for 产品审核: its status, 草稿（待审核）, is the longest a product list shows.
  const token = await portal.platform.login('icbc_officer');
  const created = await portal.platform.api('/api/v1/loan-products', { token, body: productInput({ name: '待审核的草稿' }) });
  expect(created.status).toBe(201);
  // An application to ICBC, so 贷款申请 lists a row with its 办理 link.
  const { knex } = portal.platform.database;
  const icbc = await knex('users').where({ username: 'icbc_officer' }).first('institution_id');
  const published = await knex('loan_products').where({ bank_id: icbc.institution_id, status: 'published' }).first('id');
  const sme = await portal.platform.login(demoEnterpriseLogin(portal.platform));
  const applied = await portal.platform.api('/api/v1/loan-applications', { token: sme, body: { productId: published.id, amount: '500000', termMonths: 12, purpose: '补充流动资金', submit: true } });
  expect(applied.status).toBe(201);
  // A delivery of five-digit size, as the demo city's tax department sends: its counts are listed.
  const feed = await knex('users').where({ username: 'tax_feed' }).first('id', 'institution_id');
  await knex('ingestion_batches').insert({
    institution_id: feed.institution_id, submitted_by: feed.id, category: 'tax_payments', format_version: 1, channel: 'upload', file_format: 'csv',
    file_name: '纳税缴款.csv', status: 'completed', rows_read: 28552, rows_accepted: 28540, rows_rejected: 12, rows_inserted: 28540, completed_at: new Date(),
  });
});

/** The list pages of each person, every one holding at least one table. */
const PAGES: Record<string, readonly string[]> = {
  enterprise: ['/consents', '/enterprise/demands', '/enterprise/applications', '/consents/access-log', '/enterprise/credit-reports'],
  icbc_officer: ['/bank/applications', '/bank/precredit/whitelist', '/institution/consents', '/bank/demands', '/bank/products'],
  hsfg_officer: ['/guarantee/cases', '/guarantee/products'],
  jrj_viewer: ['/oversight/monitoring', '/national-feed', '/oversight/lending-sla'],
  tax_feed: ['/data-source/submissions', '/data-source/credit-repair'],
  admin: ['/admin/institutions', '/admin/outbox', '/admin/products', '/admin/scheduled-jobs'],
};

for (const screen of [{ width: 1366, height: 768 }, { width: 1280, height: 1024 }]) {
  describe(`list tables at ${screen.width} × ${screen.height}`, () => {
    for (const [person, paths] of Object.entries(PAGES)) {
      it(`fit the page for ${person}`, async () => {
        const page = await tabs.open(person === 'enterprise' ? demoEnterpriseLogin(portal.platform) : person);
        await page.setViewportSize(screen);
        const wider: string[] = [];
        const clipped: string[] = [];
        const ungrouped: string[] = [];
        const blueLinks: string[] = [];
        for (const path of paths) {
          await page.goto(`${portal.platform.url}${path}`);
          await page.locator('.el-table__header').first().waitFor();
          await page.waitForLoadState('networkidle');
          const tables = await page.evaluate(() =>
            Array.from(document.querySelectorAll<HTMLElement>('.el-table'))
              .filter((table) => table.offsetParent !== null)
              .map((table) => ({
                header: Array.from(table.querySelectorAll('.el-table__header th')).map((th) => th.textContent?.trim()).filter(Boolean).join('|'),
                width: (table.querySelector('.el-table__header') as HTMLElement).offsetWidth,
                room: table.clientWidth,
              })),
          );
          for (const t of tables) if (t.width > t.room + 1) wider.push(`${path}: ${t.width} px in ${t.room} px [${t.header}]`);
          // A status tag cut off by its column reads as another status (草稿（待审… for 草稿（待审核）).
          const cut = await page.evaluate(() =>
            Array.from(document.querySelectorAll<HTMLElement>('.el-table__body .cell'))
              .filter((cell) => cell.offsetParent !== null && cell.querySelector('.el-tag') && cell.scrollWidth > cell.clientWidth + 1)
              .map((cell) => cell.textContent?.trim() ?? ''),
          );
          for (const text of new Set(cut)) clipped.push(`${path}: ${text}`);
          // A count of five digits or more is grouped (28,552), as the portal shows every other figure.
          const bare = await page.evaluate(() =>
            Array.from(document.querySelectorAll<HTMLElement>('.el-table__body .cell'))
              .filter((cell) => cell.offsetParent !== null && /^\d{5,}$/.test(cell.textContent?.trim() ?? ''))
              .map((cell) => cell.textContent?.trim() ?? ''),
          );
          for (const text of new Set(bare)) ungrouped.push(`${path}: ${text}`);
          // A row's link (办理) in the browser's default blue or visited purple, unlike every other link of the portal.
          const blue = await page.evaluate(() =>
            Array.from(document.querySelectorAll<HTMLElement>('.el-table__body a'))
              .filter((a) => a.offsetParent !== null && ['rgb(0, 0, 238)', 'rgb(85, 26, 139)'].includes(getComputedStyle(a).color))
              .map((a) => a.textContent?.trim() ?? ''),
          );
          for (const text of new Set(blue)) blueLinks.push(`${path}: ${text}`);
        }
        expect(wider).toEqual([]);
        expect(clipped).toEqual([]);
        expect(ungrouped).toEqual([]);
        expect(blueLinks).toEqual([]);
      });
    }
  });
}

describe('the menu below 1366 pixels', () => {
  it('shows its icons only, names each item on hover, and opens on request', async () => {
    const page = await tabs.open('icbc_officer');
    await page.setViewportSize({ width: 1280, height: 1024 });
    await page.goto(`${portal.platform.url}/bank/applications`);
    const aside = page.locator('.el-aside');
    await expect.poll(() => aside.evaluate((el) => el.getBoundingClientRect().width)).toBe(64);
    await page.locator('.el-menu-item').first().hover();
    await expect.poll(() => page.locator('.el-popper:visible').first().innerText()).not.toBe('');
    await page.getByRole('button', { name: '展开菜单' }).click();
    await expect.poll(() => aside.evaluate((el) => el.getBoundingClientRect().width)).toBe(208);
    await expect(page.locator('.el-menu-item', { hasText: '贷款申请' }).first().isVisible()).resolves.toBe(true);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('button', { name: '收起菜单' }).waitFor();
  });
});
