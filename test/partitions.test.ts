import { insertBareEnterprise } from './helpers/bare-enterprise.js';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../migrations/index.js';
import { accessLogAnchorStore } from '../src/consents/access-log-anchor-store.js';
import { AccessLogLedger } from '../src/consents/access-log-ledger.js';
import { accessLogStore } from '../src/consents/access-log-store.js';
import { transactionRunner } from '../src/db/transaction.js';
import { FakeClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { boundLiteral, shanghaiMonth, type MonthRange } from '../src/platform/partitions/month-range.js';
import { PartitionMaintenance } from '../src/platform/partitions/partition-maintenance.js';
import { partitionStore } from '../src/platform/partitions/partition-store.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const MIGRATION = '20261207140100_partition_by_month.ts';
const REFUSED_READS_MIGRATION = '20261219130100_partition_consent_refused_reads.ts';

let platform: TestPlatform;
beforeAll(async () => {
  // No demo city: these tests write the rows they need.
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false', DEMO_SEED: 'false' });
});
afterAll(() => platform?.close());

const knex = () => platform.database.knex;
let requests = 0;
/** An access-log row as the gate writes it (the gate itself is covered by the consent tests). */
async function logRead(at: Date): Promise<string> {
  const requestId = `partition-test-${(requests += 1)}`;
  await knex()('consent_access_log').insert({
    grant_id: randomUUID(),
    enterprise_id: randomUUID(),
    institution_id: randomUUID(),
    scopes: ['register'],
    purpose: 'pre_credit',
    request_id: requestId,
    accessed_at: at,
  });
  return requestId;
}
const partitionOf = async (requestId: string, table = 'consent_access_log') =>
  ((await knex().raw(`select tableoid::regclass::text as p from ${table} where request_id = ?`, [requestId])).rows[0] as { p: string }).p;
/** A refused read as the gate keeps it (the gate itself is covered by the refused-read tests). */
async function refuseRead(at: Date): Promise<string> {
  const requestId = `partition-test-${(requests += 1)}`;
  await knex()('consent_refused_reads').insert({
    enterprise_id: randomUUID(),
    institution_id: randomUUID(),
    scopes: [],
    purpose: 'loan_application',
    reason: 'CONSENT_REVOKED',
    request_id: requestId,
    attempted_at: at,
  });
  return requestId;
}

function maintenance(now: Date, options: { ahead?: number; keepMonths?: number | null } = {}) {
  const db = knex();
  const transaction = transactionRunner(db);
  const clock = new FakeClock(now);
  return new PartitionMaintenance({
    db,
    transaction,
    store: partitionStore,
    clock,
    logger: createLogger('silent'),
    monthsAhead: options.ahead ?? 1,
    retention: { accessLogMonths: options.keepMonths ?? null, loanEventMonths: null, periodRecordMonths: null },
    retirers: { consent_access_log: new AccessLogLedger({ db, transaction, accessLog: accessLogStore, anchors: accessLogAnchorStore, clock }) },
  });
}
const verify = () => platform.services.consents.verifyAccessLogChain();
const last = (m: MonthRange) => new Date(m.to.getTime() - 1);

// Months far enough from today that the migration's partitions (this month + 3) do not cover them.
const base = shanghaiMonth(new Date(), 12);
const month = (offset: number) => shanghaiMonth(base.from, offset);

/** A bank, an enterprise and one application with one event at `at` (no demo city here). */
async function applicationWithEvent(at: Date): Promise<string> {
  const db = knex();
  const [bank] = (await db('institutions').insert({ code: 'PART_BANK', name: '分区测试银行', type: 'bank', uscc: '91420200MA4K000011' }).returning('id')) as { id: string }[];
  const enterpriseId = await insertBareEnterprise(db, '91420200MA4K000070', '分区测试公司');
  const [application] = (await db('loan_applications')
    .insert({ enterprise_id: enterpriseId, bank_id: bank!.id, amount: '100000.00', term_months: 12, purpose: '采购', status: 'SUBMITTED' })
    .returning('id')) as { id: string }[];
  await db('loan_application_events').insert({ application_id: application!.id, to_status: 'SUBMITTED', action: 'submit', actor_type: 'enterprise', actor_id: 'test', occurred_at: at });
  return application!.id;
}

describe('migration: the tables are converted in place, keeping their rows, both ways', () => {
  it('turns partitioned tables back into plain ones and again, with a partition for every month that has rows', async () => {
    const db = knex();
    const relkind = async (table: string) => ((await db('pg_class').where({ relname: table }).first('relkind')) as { relkind: string }).relkind;
    expect(await relkind('consent_access_log')).toBe('p');
    await db.migrate.down({ migrationSource, name: MIGRATION });
    expect(await relkind('consent_access_log')).toBe('r');
    const old = shanghaiMonth(new Date(), -14);
    const kept = await logRead(new Date(old.from.getTime() + 3_600_000));
    const applicationId = await applicationWithEvent(old.from);
    const before = Number(((await db('consent_access_log').count({ n: '*' })) as [{ n: string }])[0].n);
    const events = Number(((await db('loan_application_events').count({ n: '*' })) as [{ n: string }])[0].n);
    await db.migrate.up({ migrationSource, name: MIGRATION });
    expect(await relkind('consent_access_log')).toBe('p');
    expect(await relkind('loan_application_events')).toBe('p');
    expect(Number(((await db('consent_access_log').count({ n: '*' })) as [{ n: string }])[0].n)).toBe(before);
    expect(Number(((await db('loan_application_events').count({ n: '*' })) as [{ n: string }])[0].n)).toBe(events);
    expect(await partitionOf(kept)).toBe(`consent_access_log_p${old.suffix}`);
    expect(
      ((await db.raw(`select tableoid::regclass::text as p from loan_application_events where application_id = ?`, [applicationId])).rows[0] as { p: string }).p,
    ).toBe(`loan_application_events_p${old.suffix}`);
    // The foreign key out of the events is back.
    await expect(db('loan_application_events').insert({ application_id: randomUUID(), to_status: 'DRAFT', action: 'open', actor_type: 'system', actor_id: 'test', occurred_at: new Date() })).rejects.toThrow(/foreign key/);
    // The oversight view that reads the events was rebuilt, and the guard trigger is back.
    expect(await relkind('oversight_loans')).toBe('m');
    await expect(db('consent_access_log').where({ request_id: kept }).delete()).rejects.toThrow(/append-only/);
    // New rows keep numbering after the moved ones (the id sequence followed the table).
    const next = await logRead(new Date());
    const ids = (await db('consent_access_log').whereIn('request_id', [kept, next]).orderBy('id').pluck('request_id')) as string[];
    expect(ids).toEqual([kept, next]);
  });
});

describe('migration: the refused reads are converted in place, keeping their rows, both ways', () => {
  it('partitions them by the month of the attempt, keeping ids, the id sequence and the append-only guard', async () => {
    const db = knex();
    const relkind = async () => ((await db('pg_class').where({ relname: 'consent_refused_reads' }).first('relkind')) as { relkind: string }).relkind;
    expect(await relkind()).toBe('p');
    await db.migrate.down({ migrationSource, name: REFUSED_READS_MIGRATION });
    expect(await relkind()).toBe('r');
    const old = shanghaiMonth(new Date(), -14);
    const kept = await refuseRead(new Date(old.from.getTime() + 3_600_000));
    const lately = await refuseRead(new Date());
    const before = (await db('consent_refused_reads').orderBy('id').select('id', 'request_id', 'attempted_at')) as unknown[];
    await db.migrate.up({ migrationSource, name: REFUSED_READS_MIGRATION });
    expect(await relkind()).toBe('p');
    expect(await db('consent_refused_reads').orderBy('id').select('id', 'request_id', 'attempted_at')).toEqual(before);
    expect(await partitionOf(kept, 'consent_refused_reads')).toBe(`consent_refused_reads_p${old.suffix}`);
    expect(await partitionOf(lately, 'consent_refused_reads')).toBe(`consent_refused_reads_p${shanghaiMonth(new Date()).suffix}`);
    await expect(db('consent_refused_reads').where({ request_id: kept }).delete()).rejects.toThrow(/append-only/);
    await expect(db('consent_refused_reads').where({ request_id: lately }).update({ reason: 'CONSENT_EXPIRED' })).rejects.toThrow(/append-only/);
    const next = await refuseRead(new Date());
    expect(await db('consent_refused_reads').whereIn('request_id', [kept, lately, next]).orderBy('id').pluck('request_id')).toEqual([kept, lately, next]);
  });
});

describe('a month boundary never fails an insert', () => {
  it('creates this month and the next ahead, routes the boundary instants to their months, and catches a month without a partition in the default', async () => {
    const report = await maintenance(last(base), { ahead: 1 }).run();
    expect(report.created).toEqual(expect.arrayContaining([`consent_access_log_p${base.suffix}`, `consent_access_log_p${month(1).suffix}`]));
    expect(await partitionOf(await logRead(last(base)))).toBe(`consent_access_log_p${base.suffix}`);
    expect(await partitionOf(await logRead(base.to))).toBe(`consent_access_log_p${month(1).suffix}`);

    // Maintenance did not run for months: the insert still succeeds, into the default partition,
    // and that month's partition is then reported blocked rather than failing the job.
    const late = await logRead(month(3).from);
    expect(await partitionOf(late)).toBe('consent_access_log_default');
    const catchUp = await maintenance(month(3).from, { ahead: 0 }).run();
    expect(catchUp.blocked).toContain(`consent_access_log_p${month(3).suffix}`);
    expect(await partitionOf(await logRead(month(3).to))).toBe('consent_access_log_default');

    // The operator's move (docs/operations.md, "Partitions and retention") unblocks the month.
    const range = [month(3).from, month(3).to];
    await knex().transaction(async (tx) => {
      await tx.raw('set local session_replication_role = replica');
      await tx.raw('create table consent_access_log_moving (like consent_access_log)');
      await tx.raw('insert into consent_access_log_moving select * from consent_access_log_default where accessed_at >= ? and accessed_at < ?', range);
      await tx.raw('delete from consent_access_log_default where accessed_at >= ? and accessed_at < ?', range);
      await tx.raw(`create table consent_access_log_p${month(3).suffix} partition of consent_access_log for values from ('${boundLiteral(month(3).from)}') to ('${boundLiteral(month(3).to)}')`);
      await tx.raw('insert into consent_access_log select * from consent_access_log_moving');
      await tx.raw('drop table consent_access_log_moving');
    });
    expect(await partitionOf(late)).toBe(`consent_access_log_p${month(3).suffix}`);
    expect((await maintenance(month(3).from, { ahead: 0 }).run()).blocked).toEqual([]);
  });
});

describe('the SM3 chain across partitions and retention', () => {
  it('verifies across three months, still verifies after retention drops the oldest, and fails on a tampered or removed row', async () => {
    const [a, b, c] = [month(6), month(7), month(8)];
    await maintenance(a.from, { ahead: 2 }).run();
    for (const m of [a, b, c]) for (const hour of [1, 2, 3]) await logRead(new Date(m.from.getTime() + hour * 3_600_000));
    expect(await platform.services.consents.sealAccessLog()).toBeGreaterThan(0);
    const whole = await verify();
    expect(whole).toMatchObject({ ok: true, anchored: 0 });

    // A row of A that is not sealed yet holds A's drop back; the months before A go.
    await logRead(new Date(a.from.getTime() + 4 * 3_600_000));
    const held = await maintenance(c.from, { ahead: 0, keepMonths: 1 }).run();
    expect(held.deferred).toEqual([`consent_access_log_p${a.suffix}`]);
    expect(held.dropped).toContain(`consent_access_log_p${base.suffix}`);
    await platform.services.consents.sealAccessLog();
    const retired = await maintenance(c.from, { ahead: 0, keepMonths: 1 }).run();
    expect(retired.dropped).toEqual([`consent_access_log_p${a.suffix}`]);
    expect(await partitionStore.list(knex(), 'consent_access_log')).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ suffix: a.suffix })]),
    );

    const remaining = Number(((await knex()('consent_access_log').whereNotNull('chain_seq').count({ n: '*' })) as [{ n: string }])[0].n);
    const after = await verify();
    expect(after).toMatchObject({ ok: true, checked: remaining });
    if (!after.ok || !whole.ok) throw new Error('unreachable');
    expect(after.anchored).toBeGreaterThanOrEqual(4);
    expect(after.checked + after.anchored).toBe(whole.checked + 1);

    // The chain goes on from its newest link after the drop.
    await logRead(new Date(c.from.getTime() + 5 * 3_600_000));
    await platform.services.consents.sealAccessLog();
    expect(await verify()).toMatchObject({ ok: true, checked: remaining + 1 });

    const inB = (await knex()('consent_access_log').where('accessed_at', '>=', b.from).where('accessed_at', '<', b.to).orderBy('chain_seq').first('chain_seq')) as {
      chain_seq: string | number;
    };
    const seqB = Number(inB.chain_seq);
    const replica = (work: (tx: Knex.Transaction) => Promise<unknown>) =>
      knex().transaction(async (tx) => {
        await tx.raw('set local session_replication_role = replica');
        await work(tx);
      });
    // Removed out of turn (no anchor): refused.
    const removed = (await knex()('consent_access_log').where('chain_seq', seqB + 1).first()) as Record<string, unknown>;
    await replica((tx) => tx('consent_access_log').where('chain_seq', seqB + 1).delete());
    expect(await verify()).toMatchObject({ ok: false, brokenAtSeq: seqB + 1 });
    await replica((tx) => tx('consent_access_log').insert(removed));
    expect(await verify()).toMatchObject({ ok: true });
    // Tampered: refused at that link.
    await replica((tx) => tx('consent_access_log').where('chain_seq', seqB).update({ scopes: ['register', 'judicial'] }));
    expect(await verify()).toMatchObject({ ok: false, brokenAtSeq: seqB });
  });
});

describe('the refused reads follow the access log', () => {
  it('are kept by month and retired with the access log, by the same run', async () => {
    const [a, b, c] = [month(30), month(31), month(32)];
    const ready = await maintenance(a.from, { ahead: 2 }).run();
    expect(ready.created).toEqual(expect.arrayContaining([a, b, c].map((m) => `consent_refused_reads_p${m.suffix}`)));
    const inA = await refuseRead(new Date(a.from.getTime() + 3_600_000));
    const inB = await refuseRead(new Date(b.from.getTime() + 3_600_000));
    const inC = await refuseRead(new Date(c.from.getTime() + 3_600_000));
    expect(await partitionOf(inB, 'consent_refused_reads')).toBe(`consent_refused_reads_p${b.suffix}`);

    const retired = await maintenance(c.from, { ahead: 0, keepMonths: 1 }).run();
    expect(retired.dropped).toEqual(expect.arrayContaining([`consent_refused_reads_p${a.suffix}`, `consent_access_log_p${a.suffix}`]));
    expect(retired.dropped).not.toContain(`consent_refused_reads_p${b.suffix}`);
    expect(await knex()('consent_refused_reads').whereIn('request_id', [inA, inB, inC]).orderBy('id').pluck('request_id')).toEqual([inB, inC]);
    expect((await partitionStore.list(knex(), 'consent_refused_reads')).map((p) => p.suffix)).toEqual([b.suffix, c.suffix]);
  });
});

describe('retention of the growing tables that are not partitioned', () => {
  it('purges delivered outbox messages with their attempts and read messages past their months, never pending, dead or unread ones', async () => {
    const db = knex();
    const old = shanghaiMonth(new Date(), -8).from;
    const ancient = shanghaiMonth(new Date(), -14).from;
    const message = async (key: string, status: string, at: Date) => {
      const [row] = (await db('outbox_messages')
        .insert({ channel: 'test', target: 't', topic: 'retention', message_key: key, payload: {}, status, created_at: at, delivered_at: status === 'delivered' ? at : null })
        .returning('id')) as { id: string }[];
      // A pending message has no attempt of its own here: the running relay may be making its first one.
      if (status !== 'pending') {
        await db('outbox_attempts').insert({ message_id: row!.id, attempt: 1, instance_id: 'test', started_at: at, finished_at: at, outcome: status });
      }
      return row!.id;
    };
    const gone = await message('retention:old-delivered', 'delivered', old);
    const dead = await message('retention:old-dead', 'dead', old);
    const pending = await message('retention:old-pending', 'pending', old);
    const recent = await message('retention:recent-delivered', 'delivered', new Date());
    expect(await platform.services.outbox.purgeDelivered()).toBeGreaterThanOrEqual(1);
    expect((await db('outbox_messages').whereIn('id', [gone, dead, pending, recent]).pluck('id')).sort()).toEqual([dead, pending, recent].sort());
    expect(await db('outbox_attempts').where({ message_id: gone })).toHaveLength(0);

    const [{ id: userId }] = (await db('users')
      .insert({ username: 'retention-reader', password_hash: 'x', role: 'admin', display_name: '保留期测试' })
      .returning('id')) as [{ id: string }];
    const note = async (key: string, at: Date, readAt: Date | null) =>
      (
        (await db('notifications')
          .insert({ user_id: userId, kind: 'application_approved', title: '测试', body: '测试', dedupe_key: key, created_at: at, read_at: readAt })
          .returning('public_id')) as { public_id: string }[]
      )[0]!.public_id;
    const readLongAgo = await note('retention:read-old', ancient, ancient);
    const unreadLongAgo = await note('retention:unread-old', ancient, null);
    const readLately = await note('retention:read-recent', old, old);
    expect(await platform.services.notifications.purgeRead()).toBeGreaterThanOrEqual(1);
    const left = (await db('notifications').whereIn('public_id', [readLongAgo, unreadLongAgo, readLately]).pluck('public_id')) as string[];
    expect(left.sort()).toEqual([unreadLongAgo, readLately].sort());
  });
});
