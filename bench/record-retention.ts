import { loadavg } from 'node:os';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { transactionRunner } from '../src/db/transaction.js';
import { systemClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { shanghaiMonth } from '../src/platform/partitions/month-range.js';
import { MONTHLY_TABLES, recordMonthRetirers } from '../src/platform/partitions/monthly-tables.js';
import { PartitionMaintenance } from '../src/platform/partitions/partition-maintenance.js';
import { partitionStore } from '../src/platform/partitions/partition-store.js';
import { RecordMonthRetirer } from '../src/profiles/record-month-retirer.js';
import { versionCitationStore } from '../src/profiles/version-citation-store.js';
import { benchCluster } from './_bench-cluster.js';

/**
 * The daily record-month retention at city scale (docs/decisions/0016): 1,000,000 enterprises
 * with two tax lines in an old month and in this month, and three profile versions each citing
 * 17 records (this month's and others), none the old month's: the worst case of rule (b), where
 * the check must look at every record of the month and its enterprise's versions before it may
 * drop it. Also: moving that month out of the default partition (the load's past months), and
 * what point reads by USCC see meanwhile. Baseline: one aggregate read of the month.
 * `BENCH_ENTERPRISES` scales it down.
 */
const ENTERPRISES = Number(process.env.BENCH_ENTERPRISES ?? 1_000_000);
const VERSIONS = 3;
const seconds = (since: number) => Number(((performance.now() - since) / 1000).toFixed(2));
const { cluster, url } = await benchCluster('record-retention');
try {
  const database = await openDatabase({ kind: 'postgres', url: url, poolMax: 4 });
  const knex = database.knex;
  await migrateToLatest(knex);
  const old = shanghaiMonth(new Date(), -80);
  const oldPeriod = `${old.suffix.slice(0, 4)}-${old.suffix.slice(4)}`;
  const thisPeriod = (() => {
    const s = shanghaiMonth(new Date()).suffix;
    return `${s.slice(0, 4)}-${s.slice(4)}`;
  })();

  const loadStart = performance.now();
  const [inst] = (await knex('institutions').insert({ code: 'B', name: '基准数据源', type: 'data_source', uscc: '11420200000000000B' }).returning('id')) as { id: string }[];
  const [batch] = (await knex('ingestion_batches')
    .insert({ institution_id: inst!.id, category: 'tax_payments', format_version: 1, channel: 'api', file_format: 'jsonl', status: 'completed' })
    .returning('id')) as { id: string }[];
  const uscc = `'91B' || lpad(i::text, 15, '0')`;
  const taxLines = (p: string) =>
    knex.raw(
      `insert into tax_payment_records (uscc, period, tax_type, amount_paid, arrears_amount, batch_id, first_batch_id)
       select ${uscc}, ?, t, (i * 37) % 90000 + 1000, 0, ?, ? from generate_series(1, ?) as i, unnest(array['vat', 'cit']) as t`,
      [p, batch!.id, batch!.id, ENTERPRISES],
    );
  await taxLines(oldPeriod);
  await taxLines(thisPeriod);
  await knex.raw(`insert into credit_profiles (uscc, current_version, stale) select ${uscc}, ${VERSIONS}, false from generate_series(1, ?) as i`, [ENTERPRISES]);
  // Each version cites this month's two lines of its enterprise and 15 other records (ids far above the tax lines').
  await knex.raw(
    `insert into credit_profile_versions (uscc, version, inputs_hash, as_of, reason, built_at, used_record_ids)
     select r.uscc, v, 'h', current_date, 'bench', now() - make_interval(days => (${VERSIONS} - v) * 30),
            array_cat(r.ids, array(select 10000000000 + r.n * 100 + k from generate_series(1, 15) as k))
       from (select uscc, array_agg(id order by id) as ids, row_number() over (order by uscc) as n
               from tax_payment_records where period = ? group by uscc) r, generate_series(1, ${VERSIONS}) as v`,
    [thisPeriod],
  );
  await knex.raw('analyze');
  const versions = Number((await knex.raw('select count(*) as n from credit_profile_versions')).rows[0].n);
  console.log(`loaded ${ENTERPRISES} enterprises, ${2 * ENTERPRISES} lines of ${oldPeriod} (in the default partition) and of ${thisPeriod}, ${versions} versions in ${seconds(loadStart)} s`);

  // Point reads by USCC (as profile and gate reads reach the records) while the old month moves out of the default partition.
  const reads: number[] = [];
  let reading = true;
  const reader = (async () => {
    for (let n = 0; reading; n++) {
      const at = performance.now();
      await knex.raw(`select * from tax_payment_records where uscc = ?`, [`91B${String((n * 7919) % ENTERPRISES + 1).padStart(15, '0')}`]);
      reads.push(performance.now() - at);
    }
  })();
  const quiet = performance.now();
  while (performance.now() - quiet < 3000) await new Promise((r) => setTimeout(r, 100));
  const quietReads = reads.splice(0);
  const moveStart = performance.now();
  const maintenance = (keep: number | null) =>
    new PartitionMaintenance({
      db: knex, transaction: transactionRunner(knex), store: partitionStore, clock: systemClock, logger: createLogger('warn'), monthsAhead: 3,
      retention: { accessLogMonths: null, loanEventMonths: null, periodRecordMonths: keep },
      retirers: recordMonthRetirers(new RecordMonthRetirer({ citations: versionCitationStore, clock: systemClock, accessLogMonths: 60 })),
      tables: MONTHLY_TABLES.filter((t) => t.table === 'tax_payment_records'),
    });
  const moved = await maintenance(null).run();
  const moveS = seconds(moveStart);
  reading = false;
  await reader;
  const p = (list: number[], q: number) => Number([...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(list.length * q))]!.toFixed(1));
  console.log(`moved ${moved.moved.join(', ')} out of the default partition in ${moveS} s; point reads meanwhile p99 ${p(reads, 0.99)} ms, max ${p(reads, 1)} ms (${reads.length}); before: p99 ${p(quietReads, 0.99)} ms, max ${p(quietReads, 1)} ms`);
  const partition = `tax_payment_records_p${old.suffix}`;
  await knex.raw(`analyze ${partition}`);

  const baseStart = performance.now();
  await knex.raw(`select count(*), sum(amount_paid) from ${partition}`);
  const baselineS = seconds(baseStart);
  const servedSince = shanghaiMonth(new Date(), -60).from;
  const checks: number[] = [];
  for (let i = 0; i < 3; i++) {
    const at = performance.now();
    const cited = await knex.transaction(async (tx) => {
      await versionCitationStore.holdNewVersions(tx);
      return versionCitationStore.citesAny(tx, partition, servedSince);
    });
    if (cited) throw new Error('no version cites the old month here');
    checks.push(seconds(at));
  }
  const checkS = checks.sort((a, b) => a - b)[1]!;
  if (process.env.BENCH_EXPLAIN === '1') {
    const plan = await knex.raw(`explain analyze select v.uscc, v.version from ${partition} r join credit_profile_versions v on v.uscc = r.uscc and r.id = any(v.used_record_ids)`);
    console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
  }
  console.log(`read baseline: ${2 * ENTERPRISES} lines in ${baselineS} s; rule (b) check (nothing cited): ${checks.join(', ')} s`);
  const dropStart = performance.now();
  const dropped = await maintenance(72).run();
  const dropS = seconds(dropStart);
  console.log(`retention run (check and drop): ${dropped.dropped.join(', ')} in ${dropS} s`);
  await database.close();
  const load = loadavg().map((x) => Number(x.toFixed(2)));
  console.log(JSON.stringify({
    bench: 'record-retention', ratio: Number((baselineS / checkS).toFixed(3)), check_s: checkS, baseline_s: baselineS, drop_run_s: dropS, move_s: moveS,
    reads_during_move_p99_ms: p(reads, 0.99), reads_during_move_max_ms: p(reads, 1), reads_before_p99_ms: p(quietReads, 0.99),
    enterprises: ENTERPRISES, month_rows: 2 * ENTERPRISES, versions, load,
  }));
} finally {
  cluster.stop();
}
