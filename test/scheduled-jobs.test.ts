import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../src/http/generated/api.js';
import { FakeClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { jobRunStore } from '../src/scheduler/job-run-store.js';
import { SchedulerService } from '../src/scheduler/scheduler-service.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

type ScheduledJobList = components['schemas']['ScheduledJobList'];
type JobRun = components['schemas']['JobRun'];

let platform: TestPlatform;
let admin: string;

beforeAll(async () => {
  // An instance that fires nothing on its own, so every run here is one the test asked for.
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false' });
  admin = await platform.login('admin');
});
afterAll(async () => {
  await platform?.close();
});

const list = async (): Promise<ScheduledJobList> => {
  const res = await platform.api('/api/v1/admin/scheduled-jobs', { token: admin });
  expect(res.status).toBe(200);
  return (await res.json()) as ScheduledJobList;
};
const runNow = (jobId: string) => platform.api(`/api/v1/admin/scheduled-jobs/${encodeURIComponent(jobId)}/runs`, { method: 'POST', token: admin });

describe('定时任务: GET /api/v1/admin/scheduled-jobs and 立即运行', () => {
  it('lists every job of the platform with its Chinese name, schedule and no next firing where this instance fires none', async () => {
    const { schedulerEnabled, items } = await list();
    expect(schedulerEnabled).toBe(false);
    expect(items.length).toBeGreaterThanOrEqual(20);
    expect(new Set(items.map((j) => j.id)).size).toBe(items.length);
    for (const job of items) {
      expect(job.label).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(job.description).toMatch(/[\u4e00-\u9fff]/);
      expect(job.cron.split(' ')).toHaveLength(5);
      expect(job.nextRunAt).toBeNull();
    }
    expect(items.find((j) => j.id === 'refresh-oversight-aggregates')).toMatchObject({ label: '刷新监测数据', cron: '*/10 * * * *', timezone: 'Asia/Shanghai' });
  });

  it('runs a job now for the admin who asked, shows it running, then succeeded', async () => {
    const res = await runNow('refresh-oversight-aggregates');
    expect(res.status).toBe(202);
    const started = (await res.json()) as JobRun;
    expect(started).toMatchObject({ trigger: 'manual', requestedBy: { displayName: '平台运营管理员' }, error: null });
    expect(['running', 'succeeded']).toContain(started.status);

    await expect
      .poll(async () => (await list()).items.find((j) => j.id === 'refresh-oversight-aggregates')!.lastRun?.status, { timeout: 30_000 })
      .toBe('succeeded');
    const job = (await list()).items.find((j) => j.id === 'refresh-oversight-aggregates')!;
    expect(job).toMatchObject({ running: false, lastRun: { trigger: 'manual', startedAt: started.startedAt } });
    expect(job.lastSucceededAt).toBe(job.lastRun!.finishedAt);
  });

  it('refuses a second run while the first is still going, and in the minute of a finished one', async () => {
    // The scheduler itself on the platform's database, on a fake clock: the minute is the test's.
    const clock = new FakeClock(new Date('2026-12-03T02:00:10Z'));
    const scheduler = new SchedulerService(platform.database.knex, jobRunStore, clock, createLogger('silent'), 'test', undefined, false);
    let release!: () => void;
    let runs = 0;
    scheduler.schedule({
      id: 'slow-test-job',
      label: '测试任务',
      description: '测试',
      cron: '* * * * *',
      run: () => new Promise<void>((resolve) => ((runs += 1), (release = resolve))),
    });
    const { id: adminId } = (await platform.database.knex('users').where({ username: 'admin' }).first('id')) as { id: string };
    const refusal = (promise: Promise<unknown>) => promise.then(() => 'ran', (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`);
    try {
      expect(await scheduler.runNow('slow-test-job', adminId)).toMatchObject({ finishedAt: null, requestedBy: { id: adminId } });
      clock.advance(60_000);
      expect(await refusal(scheduler.runNow('slow-test-job', adminId))).toBe('JOB_RUNNING: “测试任务”正在运行，请在本次运行结束后再试');
      release();
      await expect.poll(() => scheduler.jobs()[0]!.runningHere).toBe(false);
      clock.advance(-60_000);
      expect(await refusal(scheduler.runNow('slow-test-job', adminId))).toMatch(/^JOB_RAN_THIS_MINUTE: /);
      clock.advance(60_000);
      await scheduler.runNow('slow-test-job', adminId);
      release();
      expect(runs).toBe(2);
    } finally {
      await scheduler.stop();
    }
  });

  it('reads the newest run of each job, and its newest success even when a failure came after it', async () => {
    const db = platform.database.knex;
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 3, minute));
    await jobRunStore.claim(db, 'latest-test-job', at(0), 'test');
    await jobRunStore.finish(db, 'latest-test-job', at(0), at(1), null);
    await jobRunStore.claim(db, 'latest-test-job', at(10), 'test');
    await jobRunStore.finish(db, 'latest-test-job', at(10), at(11), null);
    await jobRunStore.claim(db, 'latest-test-job', at(20), 'test');
    await jobRunStore.finish(db, 'latest-test-job', at(20), at(21), 'boom');
    await jobRunStore.claim(db, 'other-test-job', at(5), 'test');

    const latest = await jobRunStore.latest(db, ['latest-test-job', 'other-test-job', 'never-ran-job']);
    const byJob = new Map(latest.map((l) => [l.run.jobId, l]));
    expect([...byJob.keys()].sort()).toEqual(['latest-test-job', 'other-test-job']);
    expect(byJob.get('latest-test-job')).toMatchObject({ run: { bucket: at(20), error: 'boom' }, lastSucceededAt: at(11) });
    expect(byJob.get('other-test-job')).toMatchObject({ run: { bucket: at(5), finishedAt: null }, lastSucceededAt: null });
  });

  it('answers 404 for a job the platform does not have, and records nothing', async () => {
    const res = await runNow('no-such-job');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'JOB_NOT_FOUND' });
    expect(await platform.database.knex('job_runs').where({ job_id: 'no-such-job' }).first()).toBeUndefined();
  });
});
