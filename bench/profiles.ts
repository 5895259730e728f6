import knexFactory from 'knex';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { shanghaiDate } from '../src/platform/business-date.js';
import { systemClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';
import { findPostgresBinDir, startCluster } from '../test/setup/postgres-cluster.js';

/**
 * Rebuilds 100,000 stale profiles (about 17 records each: register, 12 months of tax, a tax
 * grade, 3 months of social security) through ProfileService on a throwaway PostgreSQL. The
 * baseline is reading the same usable records in the same slices without assembling anything,
 * so the ratio is the share of rebuild time that is not profile work.
 */
const PROFILES = Number(process.env.BENCH_PROFILES ?? 100_000);
const binDir = findPostgresBinDir();
if (!binDir) {
  console.error('bench/profiles needs the PostgreSQL server binaries');
  process.exit(2);
}
const cluster = await startCluster(binDir);
try {
  const admin = knexFactory({ client: 'pg', connection: cluster.url, pool: { min: 0, max: 1 } });
  await admin.raw('create database bench');
  await admin.destroy();
  const url = cluster.url.replace(/\/postgres$/, '/bench');
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
  // Tax payments read their source and receipt time from their batch.
  const [taxBatch] = await knex('ingestion_batches')
    .insert({ institution_id: source, category: 'tax_payments', format_version: 1, channel: 'api', file_format: 'jsonl', status: 'completed' })
    .returning('id');
  const taxBatchId = (taxBatch as { id: string }).id;
  await knex.raw(`insert into tax_payment_records (uscc, period, tax_type, amount_paid, arrears_amount, batch_id, first_batch_id)
    select ${uscc}, ${periodExpr}, 'vat', (i * 37 + m * 101) % 90000 + 1000, case when (i + m) % 23 = 0 then 500 else 0 end, ?, ?
    from generate_series(1, ?) as i, generate_series(1, 12) as m`, [taxBatchId, taxBatchId, PROFILES]);
  await insertRecords('tax_grades', `${uscc} || '|2025'`, `jsonb_build_object('uscc', ${uscc}, 'year', 2025, 'grade', (array['A','B','M','C','D'])[i % 5 + 1], 'publishedOn', '2026-04-20')`, `date '2026-04-20'`, '');
  await insertRecords('social_security', `${uscc} || '|' || ${periodExpr}`,
    `jsonb_build_object('uscc', ${uscc}, 'period', ${periodExpr}, 'insuredHeadcount', i % 50 + m, 'contributionBase', '42000.00', 'amountDue', '10290.00', 'amountPaid', '10290.00', 'arrearsAmount', '0.00')`,
    `(${periodExpr} || '-01')::date`, ', generate_series(1, 3) as m');
  await knex.raw(`insert into credit_profiles (uscc, stale) select ${uscc}, true from generate_series(1, ?) as i`, [PROFILES]);
  await knex.raw('analyze');
  const records = (await knex.raw(`select (select count(*) from credit_records) + (select count(*) from tax_payment_records) as n`)).rows[0].n as number;
  console.log(`loaded ${PROFILES} entities, ${records} records in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

  const usccs = (await knex('credit_profiles').orderBy('uscc').select<{ uscc: string }[]>('uscc')).map((r) => r.uscc);
  const readStart = performance.now();
  for (let i = 0; i < usccs.length; i += 100) {
    await knex.transaction((tx) => services.creditRecords.usableRecords(tx, usccs.slice(i, i + 100), shanghaiDate(new Date())));
  }
  const readSeconds = (performance.now() - readStart) / 1000;

  const start = performance.now();
  let rebuilt = 0;
  for (let n = await services.profiles.rebuildDue(1_000); n > 0; n = await services.profiles.rebuildDue(1_000)) rebuilt += n;
  const seconds = (performance.now() - start) / 1000;
  const versions = (await knex('credit_profile_versions').count<{ n: number }[]>('* as n'))[0]!.n;
  const perS = rebuilt / seconds;
  console.log(`read baseline: ${usccs.length} profiles' records in ${readSeconds.toFixed(1)} s; rebuild: ${rebuilt} profiles (${versions} versions) in ${seconds.toFixed(1)} s = ${Math.round(perS)} profiles/s`);
  await database.close();
  console.log(JSON.stringify({ bench: 'profiles', ratio: Number((readSeconds / seconds).toFixed(2)), profiles_per_s: Math.round(perS), profiles: rebuilt, records }));
} finally {
  cluster.stop();
}
