import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../src/http/generated/api.js';
import { FakeClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { jobRunStore } from '../src/scheduler/job-run-store.js';
import { ABANDONED_RUN, SchedulerService } from '../src/scheduler/scheduler-service.js';
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
    await jobRunStore.claim(db, 'latest-test-job', at(0), 'test', at(0));
    await jobRunStore.finish(db, 'latest-test-job', at(0), at(1), null);
    await jobRunStore.claim(db, 'latest-test-job', at(10), 'test', at(10));
    await jobRunStore.finish(db, 'latest-test-job', at(10), at(11), null);
    await jobRunStore.claim(db, 'latest-test-job', at(20), 'test', at(20));
    await jobRunStore.finish(db, 'latest-test-job', at(20), at(21), 'boom');
    await jobRunStore.claim(db, 'other-test-job', at(5), 'test', at(5));

    const latest = await jobRunStore.latest(db, ['latest-test-job', 'other-test-job', 'never-ran-job']);
    const byJob = new Map(latest.map((l) => [l.run.jobId, l]));
    expect([...byJob.keys()].sort()).toEqual(['latest-test-job', 'other-test-job']);
    expect(byJob.get('latest-test-job')).toMatchObject({ run: { bucket: at(20), error: 'boom' }, lastSucceededAt: at(11) });
    expect(byJob.get('other-test-job')).toMatchObject({ run: { bucket: at(5), finishedAt: null }, lastSucceededAt: null });
  });

  it('shows a run whose process stopped as interrupted within minutes, and the purge records it failed', async () => {
    // Before, a killed run read "running" for a day, until the daily purge.
    const db = platform.database.knex;
    const minute = (ago: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 - ago * 60_000);
    await jobRunStore.claim(db, 'expire-consents', minute(30), 'killed', minute(30));
    await jobRunStore.beat(db, 'expire-consents', minute(30), minute(3));
    await jobRunStore.claim(db, 'precredit-whitelists', minute(10), 'another-instance', minute(10));
    await jobRunStore.beat(db, 'precredit-whitelists', minute(10), new Date());

    const jobs = new Map((await list()).items.map((j) => [j.id, j]));
    expect(jobs.get('expire-consents')).toMatchObject({ running: false, lastRun: { status: 'abandoned', finishedAt: null, error: null } });
    expect(jobs.get('precredit-whitelists')).toMatchObject({ running: true, lastRun: { status: 'running', finishedAt: null } });

    const scheduler = new SchedulerService(db, jobRunStore, new FakeClock(new Date()), createLogger('silent'), 'test', undefined, false);
    await scheduler.purgeFinishedRuns();
    expect(await jobRunStore.find(db, 'expire-consents', minute(30))).toMatchObject({ error: ABANDONED_RUN, finishedAt: expect.any(Date) as Date });
    expect(await jobRunStore.find(db, 'precredit-whitelists', minute(10))).toMatchObject({ finishedAt: null });
    expect((await list()).items.find((j) => j.id === 'expire-consents')).toMatchObject({ running: false, lastRun: { status: 'failed' } });
    await jobRunStore.finish(db, 'precredit-whitelists', minute(10), new Date(), null);
  });

  it('says every half minute that a run is still going, on the service clock, until it ends', async () => {
    const clock = new FakeClock(new Date('2026-12-03T04:00:10Z'));
    const scheduler = new SchedulerService(platform.database.knex, jobRunStore, clock, createLogger('silent'), 'test', undefined, false, 20);
    let release!: () => void;
    scheduler.schedule({ id: 'beating-test-job', label: '测试任务', description: '测试', cron: '* * * * *', run: () => new Promise<void>((resolve) => (release = resolve)) });
    try {
      const run = await scheduler.runNow('beating-test-job', (await platform.database.knex('users').where({ username: 'admin' }).first('id')).id as string);
      clock.advance(5 * 60_000);
      await expect.poll(async () => (await jobRunStore.find(platform.database.knex, 'beating-test-job', run.bucket))?.heartbeatAt.getTime()).toBe(clock.now().getTime());
      // Silent for five minutes by the clock yet going on here: not taken for abandoned.
      expect(scheduler.isAbandoned({ ...run, heartbeatAt: run.startedAt })).toBe(false);
      release();
      await expect.poll(() => scheduler.jobs()[0]!.runningHere).toBe(false);
      expect(scheduler.isAbandoned({ ...run, heartbeatAt: run.startedAt })).toBe(true);
    } finally {
      await scheduler.stop();
    }
  });

  it('answers 404 for a job the platform does not have, and records nothing', async () => {
    const res = await runNow('no-such-job');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'JOB_NOT_FOUND' });
    expect(await platform.database.knex('job_runs').where({ job_id: 'no-such-job' }).first()).toBeUndefined();
  });
});
