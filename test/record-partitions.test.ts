import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../migrations/index.js';
import { transactionRunner } from '../src/db/transaction.js';
import { usccCheckChar } from '../src/platform/uscc.js';
import { findFormat } from '../src/ingestion/category-registry.js';
import type { RecordRow } from '../src/ingestion/records/credit-record.js';
import { createCreditRecordStore, type CreditRecordStore, type UpsertContext } from '../src/ingestion/records/credit-record-store.js';
import { FakeClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { shanghaiMonth } from '../src/platform/partitions/month-range.js';
import { MONTHLY_TABLES, PERIOD_RECORD_TABLES, recordMonthRetirers } from '../src/platform/partitions/monthly-tables.js';
import { PartitionMaintenance } from '../src/platform/partitions/partition-maintenance.js';
import { partitionStore } from '../src/platform/partitions/partition-store.js';
import { RecordMonthRetirer } from '../src/profiles/record-month-retirer.js';
import { versionCitationStore } from '../src/profiles/version-citation-store.js';
import { insertBareEnterprise } from './helpers/bare-enterprise.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * The ingested records partitioned by the month they describe (docs/decisions/0016): loads of
 * any month never fail, maintenance gives a month caught in the default partition its own, a
 * re-send updates in place, and retention drops a month only when no kept version cites it.
 */
let platform: TestPlatform;
let store: CreditRecordStore;
let institutionId: string;
beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false', DEMO_SEED: 'false' });
  store = createCreditRecordStore(platform.database.kind === 'postgres' ? 'copy' : 'statement');
  const [institution] = (await knex()('institutions').insert({ code: 'PART_SRC', name: '分区测试数据源', type: 'data_source', uscc: '11420200000000005X' }).returning('id')) as { id: string }[];
  institutionId = institution!.id;
});
afterAll(() => platform?.close());

const knex = () => platform.database.knex;
const MIGRATION = '20261209100100_partition_record_tables.ts';
const usccOf = (n: number) => {
  const body = `914202008${String(n).padStart(8, '0')}`;
  return body + usccCheckChar(body);
};
const period = (offset: number) => {
  const suffix = shanghaiMonth(new Date(), offset).suffix;
  return `${suffix.slice(0, 4)}-${suffix.slice(4)}`;
};
const suffixOf = (p: string) => p.replace('-', '');

async function load(rows: { uscc: string; period: string; amountPaid: string }[]): Promise<UpsertContext> {
  const [b] = (await knex()('ingestion_batches')
    .insert({ institution_id: institutionId, category: 'tax_payments', format_version: 1, channel: 'api', file_format: 'jsonl' })
    .returning(['id', 'received_at'])) as { id: string; received_at: Date }[];
  const context: UpsertContext = { category: 'tax_payments', formatVersion: 1, batchId: b!.id, institutionId, receivedAt: b!.received_at };
  const parsed: RecordRow[] = rows.map((values) => {
    const result = findFormat('tax_payments', 1).format.parse({ ...values, taxType: '增值税', arrearsAmount: '0' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const r = result.record;
    return { recordKey: r.recordKey, uscc: r.uscc, payload: r.payload, businessDate: r.businessDate, publicityEnd: r.publicityEnd, publishedOnTime: null };
  });
  await knex().transaction((tx) => store.upsert(tx, context, parsed));
  return context;
}
const placeOf = async (uscc: string, p: string) =>
  (
    (await knex().raw(`select id, tableoid::regclass::text as partition, amount_paid from tax_payment_records where uscc = ? and period = ?`, [uscc, p]))
      .rows[0] as { id: string; partition: string; amount_paid: string }
  );

function maintenance(now: Date, keepMonths: number | null = null, accessLogMonths: number | null = 60) {
  const db = knex();
  const clock = new FakeClock(now);
  return new PartitionMaintenance({
    db,
    transaction: transactionRunner(db),
    store: partitionStore,
    clock,
    logger: createLogger('silent'),
    monthsAhead: 3,
    retention: { accessLogMonths: null, loanEventMonths: null, periodRecordMonths: keepMonths },
    retirers: recordMonthRetirers(new RecordMonthRetirer({ citations: versionCitationStore, clock, accessLogMonths })),
    tables: MONTHLY_TABLES.filter((t) => PERIOD_RECORD_TABLES.includes(t.table)),
  });
}

const relkinds = async () =>
  ((await knex()('pg_class').whereIn('relname', [...PERIOD_RECORD_TABLES, 'credit_record_history']).pluck('relkind')) as string[]).join('');

describe('the record tables partitioned by period', () => {
  it('are converted in place, keeping rows, ids, views and the replaced values, both ways', async () => {
    const db = knex();
    expect(await relkinds()).toBe('p'.repeat(PERIOD_RECORD_TABLES.length + 1));
    await db.migrate.down({ migrationSource, name: MIGRATION });
    expect(await relkinds()).toBe('r'.repeat(PERIOD_RECORD_TABLES.length + 1));
    const uscc = usccOf(9);
    const old = period(-40);
    await load([{ uscc, period: old, amountPaid: '10.00' }, { uscc, period: period(0), amountPaid: '20.00' }]);
    await load([{ uscc, period: old, amountPaid: '11.00' }]);
    const before = await placeOf(uscc, old);
    await db.migrate.up({ migrationSource, name: MIGRATION });
    expect(await relkinds()).toBe('p'.repeat(PERIOD_RECORD_TABLES.length + 1));
    expect(await placeOf(uscc, old)).toEqual({ ...before, partition: `tax_payment_records_p${suffixOf(old)}` });
    expect((await placeOf(uscc, period(0))).partition).toBe(`tax_payment_records_p${suffixOf(period(0))}`);
    expect((await store.history(db, Number(before.id))).map((h) => h.payload.amountPaid)).toEqual(['10.00']);
    // The views over the tables are back, and read the moved rows.
    expect(Number(((await db('all_credit_records').where({ uscc }).count({ n: '*' })) as [{ n: string }])[0].n)).toBe(2);
    expect(await db('pg_class').whereIn('relname', ['oversight_record_counts', 'oversight_publicity']).pluck('relkind')).toEqual(['m', 'm']);
  });

  it('takes past and future months in one load, moves a past month out of the default partition, and updates a re-send in place', async () => {
    const [past, soon, far] = [period(-30), period(2), period(10)];
    const uscc = usccOf(1);
    await load([past, soon, far].map((p) => ({ uscc, period: p, amountPaid: '100.00' })));
    expect((await placeOf(uscc, past)).partition).toBe('tax_payment_records_default');
    expect((await placeOf(uscc, soon)).partition).toBe(`tax_payment_records_p${suffixOf(soon)}`);
    const stored = await placeOf(uscc, past);

    const report = await maintenance(new Date()).run();
    expect(report.moved).toEqual([`tax_payment_records_p${suffixOf(past)}`]);
    expect(await placeOf(uscc, past)).toEqual({ ...stored, partition: `tax_payment_records_p${suffixOf(past)}` });
    // A month after the partitions kept ready stays in the default partition, counted by the gauge.
    expect((await placeOf(uscc, far)).partition).toBe('tax_payment_records_default');
    const state = (await maintenance(new Date()).state()).find((s) => s.table === 'tax_payment_records');
    expect(state?.defaultRows).toBe(1);

    // A re-send with a changed amount meets its stored row: same id, same partition, old values kept.
    await load([{ uscc, period: past, amountPaid: '250.00' }]);
    const resent = await placeOf(uscc, past);
    expect(resent).toEqual({ ...stored, partition: `tax_payment_records_p${suffixOf(past)}`, amount_paid: '250.00' });
    const history = (await store.history(knex(), Number(resent.id))).map((h) => h.payload);
    expect(history).toEqual([expect.objectContaining({ period: past, amountPaid: '100.00' })]);
  });
});

describe('retention of a record month', () => {
  it('drops a month past retention that no kept version cites, keeps a cited one until the citing version is no longer kept', async () => {
    const [cited, uncited, recent] = [period(-80), period(-79), period(-2)];
    const [a, b] = [usccOf(2), usccOf(3)];
    await insertBareEnterprise(knex(), a, '分区留存测试企业甲');
    await load([{ uscc: a, period: cited, amountPaid: '300.00' }, { uscc: b, period: uncited, amountPaid: '300.00' }]);
    await maintenance(new Date()).run();
    // The enterprise's profile shows its latest tax month, however old: the version cites it.
    await platform.services.profiles.rebuild(a, 'test');
    const citedId = (await placeOf(a, cited)).id;
    const versions = (await knex()('credit_profile_versions').where({ uscc: a }).pluck('used_record_ids')) as string[][];
    expect(versions.flat().map(Number)).toContain(Number(citedId));

    const first = await maintenance(new Date(), 72).run();
    expect(first.dropped).toContain(`tax_payment_records_p${suffixOf(uncited)}`);
    expect(first.deferred).toEqual([`tax_payment_records_p${suffixOf(cited)}`]);
    expect(first.dropped.filter((p) => p.startsWith('tax_payment_records_p') && p.slice(-6) >= suffixOf(recent))).toEqual([]);
    expect(await placeOf(b, uncited)).toBeUndefined();

    // A newer month replaces the citation in the current version; the old version stays kept while
    // the kept access log reaches back to when it was current, and is let go after that.
    await load([{ uscc: a, period: recent, amountPaid: '400.00' }]);
    await platform.services.profiles.rebuild(a, 'test');
    expect((await maintenance(new Date(), 72).run()).deferred).toEqual([`tax_payment_records_p${suffixOf(cited)}`]);
    const later = shanghaiMonth(new Date(), 61).from;
    expect((await maintenance(later, 72, null).run()).deferred).toEqual([`tax_payment_records_p${suffixOf(cited)}`]);
    const last = await maintenance(later, 72).run();
    expect(last.dropped).toContain(`tax_payment_records_p${suffixOf(cited)}`);
    expect(await placeOf(a, cited)).toBeUndefined();
    expect((await placeOf(a, recent)).partition).toBe(`tax_payment_records_p${suffixOf(recent)}`);
  });
});
