import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { jobRunStore } from '../src/scheduler/job-run-store.js';
import { scheduleJobs } from '../src/scheduler/schedule-jobs.js';
import { ABANDONED_RUN, SchedulerService, type Job } from '../src/scheduler/scheduler-service.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

// Rows that served only a limit, a lock or a short-lived check grew without end (table-growth.test.ts
// names every table's rule). The daily job drops each once it decides nothing, and keeps the rest.
let platform: TestPlatform;
let job: Job;

beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false' });
  const scheduler = new SchedulerService(platform.database.knex, jobRunStore, systemClock, createLogger('silent'), 'test');
  const jobs: Job[] = [];
  scheduler.schedule = (j: Job) => void jobs.push(j);
  scheduleJobs(scheduler, platform.services);
  job = jobs.find((j) => j.id === 'purge-spent-operational-rows')!;
});
afterAll(() => platform?.close());

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

describe('purge-spent-operational-rows', () => {
  it('drops SMS codes, refresh tokens, refused callbacks, simulator texts and job runs past their keeping time, and nothing newer', async () => {
    const knex = platform.database.knex;
    const user = (await knex('users').where({ username: 'admin' }).first('id')) as { id: string };
    const code = (tag: string, at: Date) => ({ mobile_hash: tag, purpose: 'password_reset', code_hash: 'x', client_ip: null, created_at: at, expires_at: at });
    await knex('sms_codes').insert([code('old', daysAgo(2)), code('new', daysAgo(0.5))]);
    const token = (tag: string, expires: Date) => ({ user_id: user.id, family_id: randomUUID(), token_hash: `${tag}-${randomUUID()}`.slice(0, 64), issued_at: daysAgo(60), expires_at: expires });
    await knex('refresh_tokens').insert([token('old', daysAgo(31)), token('recent', daysAgo(29))]);
    const refusal = (tag: string, at: Date) => ({ bank_code: 'PURGE_TEST', reason: tag, remote_address: null, body_sm3: tag, received_at: at });
    await knex('bank_callback_rejections').insert([refusal('old', daysAgo(250)), refusal('new', daysAgo(20))]);
    const text = (tag: string, at: Date) => ({ mobile_hash: `purge-${tag}`, mobile_masked: '138****0000', content: tag, sent_at: at });
    await knex('sms_simulator_messages').insert([text('old', daysAgo(8)), text('new', daysAgo(6))]);
    const run = (id: string, bucket: Date, finished: boolean, heartbeat = bucket) => ({ job_id: id, bucket, instance_id: 'test', heartbeat_at: heartbeat, finished_at: finished ? bucket : null });
    await knex('job_runs').insert([
      run('purge-test-old', daysAgo(91), true),
      run('purge-test-stuck', daysAgo(91), false),
      run('purge-test-new', daysAgo(89), true),
      run('purge-test-killed', daysAgo(2), false),
      run('purge-test-silent', daysAgo(0.5), false, daysAgo(3 / 1440)),
      run('purge-test-running', daysAgo(0.5), false, new Date()),
    ]);

    await job.run();

    expect((await knex('sms_codes').whereIn('mobile_hash', ['old', 'new']).pluck('mobile_hash')).sort()).toEqual(['new']);
    expect((await knex('refresh_tokens').where({ user_id: user.id }).where('expires_at', '<', daysAgo(28)).pluck('token_hash')).map((h: string) => h.split('-')[0])).toEqual(['recent']);
    expect(await knex('bank_callback_rejections').where({ bank_code: 'PURGE_TEST' }).pluck('reason')).toEqual(['new']);
    expect(await knex('sms_simulator_messages').where('mobile_hash', 'like', 'purge-%').pluck('content')).toEqual(['new']);
    expect((await knex('job_runs').where('job_id', 'like', 'purge-test-%').pluck('job_id')).sort()).toEqual(['purge-test-killed', 'purge-test-new', 'purge-test-running', 'purge-test-silent', 'purge-test-stuck']);
    // An unfinished run whose instance stopped saying it runs lost its process (even one of today,
    // silent for three minutes): ended as failed with the reason (and purged by a later run once 90
    // days old), not "running" for good; a run whose instance still beats is going on.
    const runs = (await knex('job_runs').whereIn('job_id', ['purge-test-stuck', 'purge-test-killed', 'purge-test-running', 'purge-test-silent']).orderBy('job_id').select('job_id', 'finished_at', 'error')) as { job_id: string; finished_at: Date | null; error: string | null }[];
    expect(runs.map((r) => [r.job_id, r.finished_at !== null, r.error])).toEqual([
      ['purge-test-killed', true, ABANDONED_RUN],
      ['purge-test-running', false, null],
      ['purge-test-silent', true, ABANDONED_RUN],
      ['purge-test-stuck', true, ABANDONED_RUN],
    ]);
  });
});
