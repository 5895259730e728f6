import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { FakeClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { PermanentDeliveryError, type Deliverer, type OutboxMessage } from '../src/platform/outbox/outbox-message.js';
import { OutboxRelay } from '../src/platform/outbox/outbox-relay.js';
import { outboxStore } from '../src/platform/outbox/outbox-store.js';
import { jobRunStore } from '../src/scheduler/job-run-store.js';
import { SchedulerService } from '../src/scheduler/scheduler-service.js';
import { createTestDatabase, hasPostgres, type TestDatabase } from './helpers/test-database.js';

let testDb: TestDatabase;
let db: Database;
const logger = createLogger('silent');
/** Messages default to `next_attempt_at = now()` in the database: start fake time just after it. */
const freshClock = () => new FakeClock(new Date(Date.now() + 60_000));

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.config);
  await migrateToLatest(db.knex);
});
afterAll(async () => {
  await db.close();
  await testDb.drop();
});
beforeEach(async () => {
  await db.knex('outbox_attempts').delete();
  await db.knex('outbox_messages').delete();
});

const relayWith = (deliverer: Deliverer, clock: FakeClock, instanceId = 'test') =>
  new OutboxRelay({
    db: db.knex,
    store: outboxStore,
    deliverers: new Map([['test', deliverer]]),
    clock,
    logger,
    backoff: { baseMs: 1_000, capMs: 8_000 },
    instanceId,
  });

const enqueue = (key: string, maxAttempts?: number) =>
  db.knex.transaction((tx) =>
    outboxStore.enqueue(tx, { channel: 'test', target: 't1', topic: 'test.event', messageKey: key, payload: { key }, maxAttempts }),
  );

describe('outbox relay', () => {
  it('waits longer after each failing pass while the database is away, and resumes its pace after', async () => {
    let calls = 0;
    let away = true;
    const relay = new OutboxRelay({
      db: db.knex,
      store: { ...outboxStore, claimDue: (...args) => (calls++, away ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) : outboxStore.claimDue(...args)) },
      deliverers: new Map(),
      clock: freshClock(),
      logger,
      pollMs: 10,
    });
    relay.start();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // 10, 20, 40 … 640 ms: about 7 passes in a second, not 100.
    expect(calls).toBeLessThan(15);
    away = false;
    await expect.poll(() => calls, { timeout: 5_000 }).toBeGreaterThan(30);
    await relay.stop();
  });


  it('enqueues in the caller transaction: a rollback leaves no message', async () => {
    await db.knex
      .transaction(async (tx) => {
        await outboxStore.enqueue(tx, { channel: 'test', target: 't', topic: 'x', messageKey: 'rolled-back', payload: {} });
        throw new Error('abort');
      })
      .catch(() => undefined);
    expect(await db.knex('outbox_messages').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('ignores a repeated message key', async () => {
    await enqueue('same');
    await enqueue('same');
    expect(await db.knex('outbox_messages').count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('retries with backoff until delivered, recording each attempt', async () => {
    const clock = freshClock();
    let calls = 0;
    const relay = relayWith(async () => {
      calls += 1;
      if (calls < 3) throw new Error(`bank 503 #${calls}`);
    }, clock);
    await enqueue('retry-me');

    expect(await relay.runOnce()).toBe(1);
    const afterFirst = await db.knex('outbox_messages').where({ message_key: 'retry-me' }).first();
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1, last_error: 'bank 503 #1' });
    expect(afterFirst.next_attempt_at.getTime()).toBeGreaterThanOrEqual(clock.now().getTime());

    expect(await relay.runOnce()).toBe(afterFirst.next_attempt_at.getTime() === clock.now().getTime() ? 1 : 0);
    clock.advance(10_000);
    while ((await db.knex('outbox_messages').where({ message_key: 'retry-me' }).first()).status !== 'delivered') {
      await relay.runOnce();
      clock.advance(10_000);
    }
    expect(calls).toBe(3);
    const attempts = await db.knex('outbox_attempts').orderBy('attempt').select('attempt', 'outcome');
    expect(attempts).toEqual([
      { attempt: 1, outcome: 'failed' },
      { attempt: 2, outcome: 'failed' },
      { attempt: 3, outcome: 'delivered' },
    ]);
  });

  it('dead-letters after max attempts, and at once on a permanent error; replay re-queues', async () => {
    const clock = freshClock();
    const relay = relayWith(async (m: OutboxMessage) => {
      if (m.messageKey === 'permanent') throw new PermanentDeliveryError('receiver rejected the payload');
      throw new Error('timeout');
    }, clock);
    await enqueue('exhaust', 2);
    await enqueue('permanent');
    for (let i = 0; i < 5; i++) {
      await relay.runOnce();
      clock.advance(60_000);
    }
    const rows = await db.knex('outbox_messages').orderBy('message_key').select('message_key', 'status', 'attempts');
    expect(rows).toEqual([
      { message_key: 'exhaust', status: 'dead', attempts: 2 },
      { message_key: 'permanent', status: 'dead', attempts: 1 },
    ]);
    const dead = await outboxStore.list(db.knex, { status: 'dead', limit: 10 });
    expect(await outboxStore.replay(db.knex, dead[0]!.id, clock.now())).toBe(true);
    expect(await outboxStore.replay(db.knex, dead[0]!.id, clock.now())).toBe(false);
    const requeued = await outboxStore.list(db.knex, { status: 'pending', limit: 10 });
    expect(requeued.map((m) => [m.attempts, m.maxAttempts])).toEqual([[dead[0]!.attempts, dead[0]!.attempts + 10]]);

    // The relay delivers it; its attempt numbers continue after the earlier ones (a replay once
    // restarted them at 1, which collided with the recorded attempts and jammed every relay pass).
    const delivered: string[] = [];
    expect(await relayWith(async (m) => void delivered.push(m.messageKey), clock).runOnce()).toBe(1);
    expect(delivered).toEqual([dead[0]!.messageKey]);
    const attempts = await db.knex('outbox_attempts').where({ message_id: dead[0]!.id }).orderBy('attempt').select('attempt', 'outcome');
    expect(attempts.at(-1)).toEqual({ attempt: dead[0]!.attempts + 1, outcome: 'delivered' });
  });

  it('records a delivery’s outcome on the message and its attempt together: a failure between them leaves both as claimed', async () => {
    const clock = freshClock();
    await enqueue('together');
    const [message] = await outboxStore.claimDue(db.knex, { now: clock.now(), leaseUntil: new Date(clock.now().getTime() + 60_000), limit: 1, instanceId: 'test' });
    // The attempt row cannot be written: as if the process died after the message's update.
    await db.knex.raw(`create function refuse_attempt_update() returns trigger language plpgsql as $$ begin raise exception 'attempt row unavailable'; end $$`);
    await db.knex.raw(`create trigger refuse_attempt_update before update on outbox_attempts for each row execute function refuse_attempt_update()`);
    try {
      await expect(outboxStore.markDelivered(db.knex, message!, clock.now())).rejects.toThrow('attempt row unavailable');
      await expect(outboxStore.markFailed(db.knex, message!, 'timeout', clock.now(), null)).rejects.toThrow('attempt row unavailable');
    } finally {
      await db.knex.raw('drop trigger refuse_attempt_update on outbox_attempts');
      await db.knex.raw('drop function refuse_attempt_update()');
    }
    expect(await db.knex('outbox_messages').where({ id: message!.id }).first('status', 'delivered_at', 'last_error')).toEqual({ status: 'pending', delivered_at: null, last_error: null });
    expect(await db.knex('outbox_attempts').where({ message_id: message!.id }).select('outcome', 'finished_at')).toEqual([{ outcome: null, finished_at: null }]);

    await outboxStore.markFailed(db.knex, message!, 'timeout', clock.now(), new Date(clock.now().getTime() + 5_000));
    expect(await db.knex('outbox_messages').where({ id: message!.id }).first('status', 'last_error')).toEqual({ status: 'pending', last_error: 'timeout' });
    expect(await db.knex('outbox_attempts').where({ message_id: message!.id }).first('outcome', 'error')).toEqual({ outcome: 'failed', error: 'timeout' });
  });

  it.skipIf(!hasPostgres())('two relays on one PostgreSQL deliver each message once per attempt (needs PostgreSQL)', async () => {
    const second = await openDatabase(testDb.config);
    try {
      const delivered: string[] = [];
      const deliverer: Deliverer = async (m) => {
        await new Promise((r) => setTimeout(r, 20));
        delivered.push(m.messageKey);
      };
      for (let i = 0; i < 200; i++) await enqueue(`m${i}`);
      // After the inserts, which can be slow on a loaded machine.
      const clock = freshClock();
      // Small batches of slow deliveries and warm connections, so both instances take part.
      await Promise.all([db.knex.raw('select 1'), second.knex.raw('select 1')]);
      const relayOn = (knex: typeof db.knex, instanceId: string) =>
        new OutboxRelay({ db: knex, store: outboxStore, deliverers: new Map([['test', deliverer]]), clock, logger, instanceId, batchSize: 5 });
      const a = relayOn(db.knex, 'a');
      const b = relayOn(second.knex, 'b');
      const drain = async (relay: OutboxRelay) => {
        while ((await relay.runOnce()) > 0);
      };
      await Promise.all([drain(a), drain(b)]);
      expect(delivered).toHaveLength(200);
      expect(new Set(delivered).size).toBe(200);
      const byInstance = await db.knex('outbox_attempts').groupBy('instance_id').select('instance_id').count({ n: '*' });
      expect(byInstance.length).toBe(2);
    } finally {
      await second.close();
    }
  });
});

describe('scheduler', () => {
  it('runs a job once per bucket across instances', async () => {
    const clock = new FakeClock();
    let runs = 0;
    const job = { id: 'test-job', label: '测试任务', description: '测试', cron: '* * * * *', run: async () => void (runs += 1) };
    const one = new SchedulerService(db.knex, jobRunStore, clock, logger, 'one');
    const two = new SchedulerService(db.knex, jobRunStore, clock, logger, 'two');
    expect(await Promise.all([one.fire(job), two.fire(job)])).toEqual(expect.arrayContaining(['ran', 'skipped']));
    clock.advance(60_000);
    expect(await two.fire(job)).toBe('ran');
    expect(runs).toBe(2);
  });

  it('registers every job; only an instance that fires jobs has a next firing for it', async () => {
    const job = { id: 'listed-job', label: '测试任务', description: '测试', cron: '17 3 * * *', run: async () => undefined };
    const quiet = new SchedulerService(db.knex, jobRunStore, new FakeClock(), logger, 'quiet', undefined, false);
    quiet.schedule(job);
    expect(quiet.jobs()).toEqual([{ job, nextRunAt: null, runningHere: false }]);
    const firing = new SchedulerService(db.knex, jobRunStore, new FakeClock(), logger, 'firing');
    firing.schedule(job);
    try {
      const nextRunAt = firing.jobs()[0]?.nextRunAt;
      expect(nextRunAt).toBeInstanceOf(Date);
      expect(nextRunAt!.getTime()).toBeGreaterThan(Date.now());
      // 03:17 in Asia/Shanghai is 19:17 UTC.
      expect([nextRunAt!.getUTCHours(), nextRunAt!.getUTCMinutes()]).toEqual([19, 17]);
    } finally {
      await firing.stop();
    }
  });

  it('records a failing job and does not throw', async () => {
    const clock = new FakeClock(new Date('2026-12-01T00:00:00Z'));
    const scheduler = new SchedulerService(db.knex, jobRunStore, clock, logger, 'one');
    const result = await scheduler.fire({ id: 'boom', label: '测试任务', description: '测试', cron: '* * * * *', run: async () => Promise.reject(new Error('boom')) });
    expect(result).toBe('failed');
    expect(await db.knex('job_runs').where({ job_id: 'boom' }).first()).toMatchObject({ error: 'boom' });
  });

  it('a stop (SIGTERM) waits for the runs in progress, so the database is not closed under a job and its run is recorded finished', async () => {
    const clock = new FakeClock(new Date('2026-12-02T00:00:00Z'));
    const scheduler = new SchedulerService(db.knex, jobRunStore, clock, logger, 'one');
    let release!: () => void;
    let finishedWork = false;
    const firing = scheduler.fire({
      id: 'slow-job',
      label: '测试任务',
      description: '测试',
      cron: '* * * * *',
      run: async () => {
        await new Promise<void>((resolve) => (release = resolve));
        finishedWork = true;
      },
    });
    await expect.poll(async () => db.knex('job_runs').where({ job_id: 'slow-job' }).first()).toBeDefined();
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finishedWork).toBe(true);
    expect(await firing).toBe('ran');
    const run = (await db.knex('job_runs').where({ job_id: 'slow-job' }).first()) as { finished_at: Date | null; error: string | null };
    expect(run.finished_at).not.toBeNull();
    expect(run.error).toBeNull();
  });
});
