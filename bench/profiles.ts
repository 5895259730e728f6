import { loadavg } from 'node:os';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { shanghaiDate } from '../src/platform/business-date.js';
import { systemClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';
import { clusterCpuSeconds, parentPid } from './_cpu.js';
import { benchCluster } from './_bench-cluster.js';

/**
 * Rebuilds 1,000,000 stale profiles (about 17 records each: register, 12 months of tax, a tax
 * grade, 3 months of social security) through ProfileService's drain on a throwaway PostgreSQL.
 * The baseline is one SQL aggregate that reads the same usable records once (count and a sum per
 * enterprise), so `ratio` is how close a full rebuild (assembly, versions, sections, record
 * links) comes to just reading its inputs. `BENCH_PROFILES` scales it down while developing.
 * `pg_cpu_s` is the CPU PostgreSQL spent during the rebuild (every server process), steadier than
 * wall time when other work shares the machine.
 */
const PROFILES = Number(process.env.BENCH_PROFILES ?? 1_000_000);
/** Months of tax lines per enterprise (`BENCH_TAX_MONTHS`): each is a partition of the tax table. */
const TAX_MONTHS = Number(process.env.BENCH_TAX_MONTHS ?? 12);
const { cluster, url } = await benchCluster('profiles');
try {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DATA_DIR: '/tmp', JWT_SECRET: 'x'.repeat(40), SM4_KEY: '0'.repeat(32), LOG_LEVEL: 'warn' });
  const database = await openDatabase(config.database);
  const knex = database.knex;
  await migrateToLatest(knex);
  const services = createServices({ config, database, clock: systemClock, logger: createLogger('warn') });
  const month = shanghaiDate(new Date()).slice(0, 7);

  const loadStart = performance.now();
  await knex.raw(`insert into districts values ('420202', '黄石港区')`);
  const [inst] = await knex('institutions').insert({ code: 'B', name: '基准数据源', type: 'data_source', uscc: '11420200000000000B' }).returning('id');
  const source = (inst as { id: string }).id;
  const uscc = `'91B' || lpad(i::text, 15, '0')`;
  await knex.raw(`insert into market_entities (uscc, name, entity_type, legal_representative, district_code, status, established_on, registered_capital, industry)
    select ${uscc}, '基准企业' || i, 'enterprise', '张三', '420202', 'existing', date '2015-01-01' + (i % 3000), (i % 500 + 1) * 10000, '批发业'
    from generate_series(1, ?) as i`, [PROFILES]);
  const insertRecords = (category: string, key: string, payload: string, businessDate: string, series: string) =>
    knex.raw(`insert into credit_records (category, record_key, uscc, format_version, payload, business_date, source_institution_id, batch_id, received_at, first_batch_id, first_received_at)
      select '${category}', ${key}, ${uscc}, 1, ${payload}, ${businessDate}, ?, ?, now(), ?, now() from generate_series(1, ?) as i ${series}`,
      [source, source, source, PROFILES]);
  const periodExpr = `to_char(to_date('${month}', 'YYYY-MM') - make_interval(months => m), 'YYYY-MM')`;
  await insertRecords('register', uscc, `jsonb_build_object('uscc', ${uscc})`, `date '2015-01-01'`, '');
  // Typed records read their source and receipt time from their batch.
  const [taxBatch] = await knex('ingestion_batches')
    .insert({ institution_id: source, category: 'tax_payments', format_version: 1, channel: 'api', file_format: 'jsonl', status: 'completed' })
    .returning('id');
  const taxBatchId = (taxBatch as { id: string }).id;
  await knex.raw(`insert into tax_payment_records (uscc, period, tax_type, amount_paid, arrears_amount, batch_id, first_batch_id)
    select ${uscc}, ${periodExpr}, 'vat', (i * 37 + m * 101) % 90000 + 1000, case when (i + m) % 23 = 0 then 500 else 0 end, ?, ?
    from generate_series(1, ?) as i, generate_series(1, ?) as m`, [taxBatchId, taxBatchId, PROFILES, TAX_MONTHS]);
  await knex.raw(`insert into tax_grades_records (uscc, year, grade, published_on, batch_id, first_batch_id)
    select ${uscc}, 2025, (array['A','B','M','C','D'])[i % 5 + 1], date '2026-04-20', ?, ? from generate_series(1, ?) as i`, [taxBatchId, taxBatchId, PROFILES]);
  await knex.raw(`insert into social_security_records (uscc, period, insured_headcount, contribution_base, amount_due, amount_paid, arrears_amount, batch_id, first_batch_id)
    select ${uscc}, ${periodExpr}, i % 50 + m, 42000, 10290, 10290, 0, ?, ? from generate_series(1, ?) as i, generate_series(1, 3) as m`, [taxBatchId, taxBatchId, PROFILES]);
  await knex.raw(`insert into credit_profiles (uscc, stale) select ${uscc}, true from generate_series(1, ?) as i`, [PROFILES]);
  // Past months landed in the record tables' default partitions; the daily maintenance gives each its own, as in a running city.
  await services.partitions.run();
  await knex.raw('analyze');
  const records = Number((await knex.raw(`select (select count(*) from credit_records) + (select count(*) from tax_payment_records)
    + (select count(*) from tax_grades_records) + (select count(*) from social_security_records) as n`)).rows[0].n);
  console.log(`loaded ${PROFILES} entities, ${records} records in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

  const asOf = shanghaiDate(new Date());
  const readStart = performance.now();
  const baseline = await knex.raw(
    `select count(*) as enterprises, sum(n) as records from (
       select uscc, count(*) as n, max(received_at) as latest from (
         select uscc, received_at from credit_records where status = 'active' and (publicity_end is null or publicity_end >= ?)
         union all
         select t.uscc, b.received_at from tax_payment_records t join ingestion_batches b on b.id = t.batch_id where t.status = 'active'
         union all
         select t.uscc, b.received_at from tax_grades_records t join ingestion_batches b on b.id = t.batch_id where t.status = 'active'
         union all
         select t.uscc, b.received_at from social_security_records t join ingestion_batches b on b.id = t.batch_id where t.status = 'active') r
       group by uscc) x`,
    [asOf],
  );
  const readSeconds = (performance.now() - readStart) / 1000;
  console.log(`read baseline: ${baseline.rows[0].records} records of ${baseline.rows[0].enterprises} enterprises in ${readSeconds.toFixed(1)} s (one aggregate)`);

  // Server processes are children of the postmaster. Its CPU is steadier than wall time on a shared machine.
  const postmaster = parentPid((await knex.raw('select pg_backend_pid() as pid')).rows[0].pid as number);
  const cpuBefore = clusterCpuSeconds(postmaster);
  const start = performance.now();
  let rebuilt = 0;
  for (let n = await services.profiles.rebuildDue(10_000); n > 0; n = await services.profiles.rebuildDue(10_000)) rebuilt += n;
  const seconds = (performance.now() - start) / 1000;
  const pgCpuSeconds = clusterCpuSeconds(postmaster) - cpuBefore;
  const versions = (await knex('credit_profile_versions').count<{ n: number }[]>('* as n'))[0]!.n;
  const perS = rebuilt / seconds;
  console.log(`rebuild: ${rebuilt} profiles (${versions} versions) in ${seconds.toFixed(1)} s = ${Math.round(perS)} profiles/s`);
  await database.close();
  // The machine is shared: the load average says how much of it the run had.
  const load = loadavg().map((x) => Number(x.toFixed(2)));
  console.log(JSON.stringify({ bench: 'profiles', ratio: Number((readSeconds / seconds).toFixed(3)), profiles_per_s: Math.round(perS), profiles: rebuilt, records: Number(records), read_s: Number(readSeconds.toFixed(1)), rebuild_s: Number(seconds.toFixed(1)), pg_cpu_s: Number(pgCpuSeconds.toFixed(1)), pg_cpu_us_per_profile: Math.round((pgCpuSeconds * 1e6) / rebuilt), load }));
} finally {
  cluster.stop();
}
