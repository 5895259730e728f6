/// <reference lib="dom" />
// The 月度报送 pages (issue 17): the financial office rebuilds a month after confirming, follows
// it to its receipt, compares months as charts, reads the correction list, opens a revision and
// downloads a file; the admin has the same page; a build still running shows how far it has come.
// Nothing on them shows raw codes or English.
import { beforeAll, describe, expect, it } from 'vitest';
import { feedStore } from '../../src/national-feed/feed-store.js';
import { seedFeedMonth, type FeedMonthData } from '../helpers/feed-fixtures.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ OUTBOX_POLL_MS: '20', OUTBOX_BACKOFF_BASE_MS: '20', SCHEDULER_ENABLED: 'false' });
let data: FeedMonthData;

beforeAll(async () => {
  data = await seedFeedMonth(portal.platform.database.knex, 4);
  const rejected = data.applicationIds[1]!;
  portal.platform.services.nationalFeed.simulators.national!.reject((row) => (row.record_type === 'credit_grant' && row.source_id === rejected ? 'E400' : undefined));
});

const RAW = ['national', 'provincial', 'receipted', 'delivered', 'loan_', 'credit_', 'jsonl', 'csv', 'E400', 'manual', 'schedule', 'undefined', 'null'];

describe('月度报送 pages', () => {
  it('financial office: confirm a rebuild, follow it to its receipt, see the corrections and download a file', async () => {
    const page = await tabs.open('jrj_viewer');
    await page.getByRole('menuitem', { name: '月度报送' }).click();
    await page.waitForURL(/\/national-feed$/);
    await page.locator('h1', { hasText: '月度报送' }).waitFor();

    await page.locator('[data-test="rebuild"]').click();
    const dialog = page.locator('.el-message-box');
    await dialog.getByText('第1版').waitFor();
    // The month's first version is generated, not regenerated.
    expect(await dialog.innerText()).not.toContain('重新生成');
    await dialog.getByRole('button', { name: '确定生成' }).click();
    const rows = page.locator('[data-test="submissions"] .el-table__body tr');
    await rows.first().getByText('已报送，待回执').waitFor({ timeout: 20_000 });
    // Before any receipt the receipts card says so, instead of drawing empty axes.
    await page.locator('[data-test="receipts-empty"]').getByText('暂无回执').waitFor();

    await portal.platform.services.nationalFeed.feed.collectReceipts();
    await page.reload();
    await rows.first().getByText('已回执').waitFor();
    await expect.poll(() => rows.first().innerText()).toContain('1');
    await page.locator('[data-test="counts-chart"] canvas').waitFor();
    await page.locator('[data-test="receipts-chart"] canvas').waitFor();
    await page.waitForTimeout(600);
    await portal.screenshot(page, 'national-feed');

    await page.getByRole('tab', { name: '更正清单' }).click();
    const correction = page.locator('[data-test="corrections"] .el-table__body tr').first();
    await correction.getByText('金额或期限不合理').waitFor();
    expect(await correction.innerText()).toContain('授信');
    expect(await correction.innerText()).toContain('待更正');
    // The refused record is named by the enterprise it is about, not by its identifier.
    expect(await correction.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
    expect(await correction.innerText()).toMatch(/有限公司|合作社|店|厂|公司/);

    const text = await page.locator('main').innerText();
    for (const raw of RAW) expect(text, `raw code "${raw}" on the page`).not.toContain(raw);

    await page.getByRole('tab', { name: '报送版本' }).click();
    await rows.first().getByRole('link', { name: '详情' }).click();
    await page.waitForURL(/\/national-feed\/submissions\//);
    const files = page.locator('[data-test="files"]');
    await files.getByText('放款 · 逐行格式压缩数据文件').waitFor();
    await page.locator('[data-test="revision-chart"] canvas').waitFor();
    const detailText = await page.locator('main').innerText();
    for (const raw of RAW) expect(detailText, `raw code "${raw}" on the detail page`).not.toContain(raw);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      files.locator('tr', { hasText: '报送清单签名' }).getByRole('button', { name: '下载' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^national-${data.month}-r1-manifest\\.sig$`));
    await portal.screenshot(page, 'national-feed-submission');
  });

  it('admin: the same page from the admin menu, with the provincial node selectable', async () => {
    const page = await tabs.open('admin');
    await page.getByRole('menuitem', { name: '月度报送' }).click();
    await page.waitForURL(/\/national-feed$/);
    await page.getByText('省级节点（鄂融通）').click();
    await page.getByRole('tab', { name: '省级节点下行' }).click();
    await page.locator('[data-test="provincial-items"]').getByText('省级节点暂未下发数据').waitFor();
  });

  it('financial office: a month still being built shows how far it has come, and moves on by itself', async () => {
    const db = portal.platform.database.knex;
    const [year, month] = data.month.split('-').map(Number) as [number, number];
    const earlier = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
    const building = await feedStore.insertBuilding(db, {
      target: 'national', month: earlier, formatVersion: portal.platform.services.nationalFeed.formatVersions.national,
      regionCode: '420200', trigger: 'manual', requestedBy: null, createdAt: new Date(),
    });
    try {
      await feedStore.reportProgress(db, building.id, { rows: 123_456, recordTypesDone: 2, recordTypes: 7 }, new Date());
      const page = await tabs.open('jrj_viewer');
      await page.getByRole('menuitem', { name: '月度报送' }).click();
      const progress = page.locator('[data-test="build-progress"]');
      await progress.getByText('已完成 2/7 类数据，已读取 123,456 条记录').waitFor();
      expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('28');
      await portal.screenshot(page, 'national-feed-building');
      await feedStore.reportProgress(db, building.id, { rows: 234_567, recordTypesDone: 5, recordTypes: 7 }, new Date());
      await progress.getByText('已完成 5/7 类数据，已读取 234,567 条记录').waitFor();
      const row = page.locator('[data-test="submissions"] .el-table__body tr', { has: progress });
      // 记录数, the fourth column: a running build has no count yet (not 0).
      expect((await row.locator('td').nth(3).innerText()).trim()).toBe('—');
      const text = await row.innerText();
      for (const raw of RAW) expect(text, `raw code "${raw}" in the row`).not.toContain(raw);
    } finally {
      await feedStore.update(db, building.id, { status: 'failed', error: '演示数据已清理' });
    }
  });
});

describe('a failed delivery on 报送版本详情', () => {
  // The 说明 of a failed attempt kept the exchange's own words after its Chinese lead
  // (`第 2 次报送失败：GET /receipts/…: TypeError: fetch failed`), and the page showed them as they were.
  it('says what went wrong in Chinese and keeps the technical words for the engineers on hover', async () => {
    const db = portal.platform.database.knex;
    const technical = '第 2 次报送失败：POST /flows: TypeError: fetch failed';
    const { id } = await db('national_feed_submissions').orderBy('created_at', 'desc').first('id');
    await db('national_feed_submissions').where({ id }).update({ error: technical });
    const page = await tabs.open('jrj_viewer', { path: `/national-feed/submissions/${id}` });
    const reason = page.locator('[data-test="submission-reason"]');
    await expect(reason.innerText()).resolves.toBe('第 2 次报送失败：无法连接对方系统');
    expect(await reason.getAttribute('title')).toBe(technical);
  });
});
