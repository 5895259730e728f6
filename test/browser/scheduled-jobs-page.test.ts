/// <reference lib="dom" />
// An operator had no way to see what the platform runs on its own, whether last night's runs
// ended well, or to run one again after fixing what made it fail. 定时任务 shows every job in
// words, its latest run and result, and runs one now after a confirmation, with its progress.
import { describe, expect, it } from 'vitest';
import { portalForFile } from './helpers/portal-for-file.js';

// This instance fires nothing on its own: every run on the page is the test's.
const { portal, tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });

describe('定时任务', () => {
  it('shows each job in words and runs one now for the admin, after a confirmation, to its result', async () => {
    const page = await tabs.open('admin', { path: '/admin' });
    await page.locator('a.ready-link', { hasText: '定时任务' }).click();
    await page.waitForURL(/\/admin\/scheduled-jobs$/);
    await page.locator('[data-test="scheduler-off"]').waitFor();

    const row = page.locator('[data-test="scheduled-jobs"] .el-table__body tr', { hasText: '刷新监测数据' });
    await row.waitFor();
    await expect.poll(() => row.innerText()).toContain('每10分钟');
    const text = await page.locator('[data-test="scheduled-jobs"]').innerText();
    // Job ids and cron expressions are the API's, not a person's.
    expect(text).not.toMatch(/refresh-oversight-aggregates|\*\/10|[a-z]+-[a-z]+-[a-z]+/);

    await row.locator('[data-test="run-now"]').click();
    const dialog = page.locator('.el-message-box', { hasText: '立即运行「刷新监测数据」' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '立即运行' }).click();
    await row.locator('[data-test="job-status"]', { hasText: '成功' }).waitFor({ timeout: 30_000 });
    expect(await row.innerText()).toContain('平台运营管理员 手动运行');
  }, 60_000);

  it('says a run whose process stopped is interrupted, and runs the job again without a warning', async () => {
    // Before, such a run read 运行中 (已运行2小时…) until the daily purge.
    const twoHoursAgo = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000);
    await portal.platform.database.knex('job_runs').insert({ job_id: 'expire-consents', bucket: twoHoursAgo, instance_id: 'stopped', started_at: twoHoursAgo, heartbeat_at: twoHoursAgo });
    const page = await tabs.open('admin', { path: '/admin/scheduled-jobs' });
    const row = page.locator('[data-test="scheduled-jobs"] .el-table__body tr', { hasText: '授权到期处理' });
    await row.locator('[data-test="job-status"]', { hasText: '已中断' }).waitFor();
    expect(await row.locator('[data-test="job-abandoned"]').innerText()).toBe('运行它的服务进程已停止，将在下次计划时间重新运行');

    await row.locator('[data-test="run-now"]').click();
    const dialog = page.locator('.el-message-box', { hasText: '立即运行「授权到期处理」' });
    await dialog.waitFor();
    expect(await dialog.innerText()).not.toContain('上次运行尚未结束');
    await dialog.getByRole('button', { name: '立即运行' }).click();
    await row.locator('[data-test="job-status"]', { hasText: '成功' }).waitFor({ timeout: 30_000 });
  }, 60_000);

  it('says a run still going in another instance is running, and warns before running it again', async () => {
    const fiveMinutesAgo = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000);
    const knex = portal.platform.database.knex;
    await knex('job_runs').insert({ job_id: 'seal-consent-access-log', bucket: fiveMinutesAgo, instance_id: 'other', started_at: fiveMinutesAgo, heartbeat_at: new Date() });
    try {
      const page = await tabs.open('admin', { path: '/admin/scheduled-jobs' });
      const row = page.locator('[data-test="scheduled-jobs"] .el-table__body tr', { hasText: '查询记录封存' });
      await row.locator('[data-test="job-status"]', { hasText: '运行中' }).waitFor();
      expect(await row.locator('[data-test="job-elapsed"]').innerText()).toMatch(/^已运行[56]分\d+秒$/);

      await row.locator('[data-test="run-now"]').click();
      const dialog = page.locator('.el-message-box', { hasText: '上次运行尚未结束' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: '取消' }).click();
      await dialog.waitFor({ state: 'hidden' });
    } finally {
      await knex('job_runs').where({ job_id: 'seal-consent-access-log', instance_id: 'other' }).update({ finished_at: new Date() });
    }
  }, 60_000);
});
