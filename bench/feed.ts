import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { to as copyTo } from 'pg-copy-streams';
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { loadFeedFormat } from '../src/national-feed/feed-format.js';
import { previousMonth } from '../src/national-feed/feed-service.js';
import { extraction } from '../src/national-feed/feed-source-store.js';
import { clusterCpuSeconds, parentPid } from './_cpu.js';
import { benchCluster } from './_bench-cluster.js';

/**
 * One month of the national feed for 1,000,000 registered enterprises and 3,000,000 loan
 * applications (80% granted credit, 70% disbursed: one row each in the application, credit,
 * disbursement and repayment-status files), generated into a throwaway PostgreSQL by SQL.
 * The build (cursor → map → validate → gzip → chunk storage → signed manifest) runs in its own
 * process; the baseline is `COPY (SELECT …) TO STDOUT` of the same extraction queries, drained,
 * in the same run. ratio = baseline seconds / build seconds (same rows).
 *
 * Env: BENCH_SCALE (default 1; 0.05 = 50,000 enterprises and 150,000 applications),
 * BENCH_RUNS (default 1: baseline and build repeated on the same data, the JSON line gives
 * medians), BENCH_CPU_PROF=<dir> (write a V8 CPU profile of the build process there).
 * `build_cpu_seconds` is the build process's own CPU time (main thread and zlib's pool), and
 * `build_pg_cpu_seconds` / `copy_pg_cpu_seconds` PostgreSQL's (every server process, from
 * /proc) during the build and the baseline: on a shared machine the wall-clock `seconds` also
 * counts time spent waiting for a core.
 */
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ENTERPRISES = Math.round(1_000_000 * SCALE);
const LOANS = Math.round(3_000_000 * SCALE);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const month = previousMonth(new Date());

const { cluster, url } = await benchCluster('feed');
try {
  const database = await openDatabase({ kind: 'postgres', url, poolMax: 2 });
  const db = database.knex;
  await migrateToLatest(db);

  const genStart = performance.now();
  const districts = ['420202', '420203', '420204', '420205', '420222', '420281'];
  await db('districts').insert(districts.map((code) => ({ code, name: code })));
  const banks = ['ICBC_HS', 'CCB_HS', 'HBB_HS', 'HSRCB', 'ABC_HS', 'PSBC_HS'];
  await db('institutions').insert(banks.map((code, i) => ({ code, name: code, type: 'bank', uscc: `9142020000000000${i}${i}` })));
  await db.raw(`insert into bank_connections (institution_id, protocol, options, secrets_enc, updated_at, updated_by, last_success_at)
    select id, 'simulator', '{}', 'sm4k:bench:none', now() - interval '1 day', 'bench', now() from institutions where type = 'bank'`);
  const ts = (day: number) => `'${month}-${String(day).padStart(2, '0')} 10:00:00+08'::timestamptz`;
  await db.raw(`insert into market_entities (uscc, name, entity_type, legal_representative, district_code, status, established_on, registered_capital)
    select '91' || (array['420202','420203','420204','420205','420222','420281'])[1 + g % 6] || lpad(g::text, 10, '0'),
           '企业' || g, 'enterprise', '法人' || g, (array['420202','420203','420204','420205','420222','420281'])[1 + g % 6],
           'operating', date '2015-01-01' + g % 3000, 1000000
      from generate_series(1, ?) g`, [ENTERPRISES]);
  await db.raw(`insert into enterprises (uscc, name, legal_representative, contact_name, contact_mobile_enc, registered_at)
    select uscc, name, legal_representative, legal_representative, 'sm4:v1:bench', ${ts(1)} - (random() * interval '700 days')
      from market_entities`);
  await db.raw(`insert into loan_products (bank_id, name, min_amount, max_amount, min_term_months, max_term_months, min_rate, max_rate, guarantee_type, status, published_at)
    select id, code || '经营贷', 10000, 10000000, 1, 60, 3, 6, (array['credit','guarantee','mortgage','pledge','guarantee_company'])[1 + (row_number() over ())::int % 5], 'published', ${ts(1)} - interval '30 days'
      from institutions where type = 'bank'`);
  await db.raw(`create temporary table ids as select row_number() over () as n, id from enterprises`);
  await db.raw(`create temporary table prods as select row_number() over () as n, id, bank_id from loan_products`);
  // At some scales an APPROVED loan repeats an enterprise and product: the platform refuses that second open one.
  await db.raw(`insert into loan_applications (enterprise_id, bank_id, product_id, amount, term_months, purpose, status, first_loan,
      approved_amount, approved_rate, approved_term_months, disbursed_amount, repaid_amount, submitted_at, decided_at)
    select e.id, p.bank_id, case when g % 10 = 0 then null else p.id end, 100000 + (g % 50) * 20000, 12 + g % 25, '经营周转',
           case when g % 10 < 2 then 'REJECTED' when g % 10 = 2 then 'APPROVED' when g % 10 = 9 then 'REPAYING' else 'DISBURSED' end,
           g % 4 = 0,
           case when g % 10 < 2 then null else 90000 + (g % 50) * 20000 end,
           case when g % 10 < 2 then null else 3.45 + (g % 20) * 0.05 end,
           case when g % 10 < 2 then null else 12 + g % 25 end,
           case when g % 10 < 3 then 0 else 90000 + (g % 50) * 20000 end, 0,
           ${ts(2)} + (g % 8) * interval '1 day', ${ts(12)} + (g % 8) * interval '1 day'
      from generate_series(1, ?) g join ids e on e.n = 1 + (g - 1) % ? join prods p on p.n = 1 + g % 6
    on conflict do nothing`, [LOANS, ENTERPRISES]);
  await db.raw(`insert into loan_ledger_entries (application_id, kind, reference, amount, occurred_on)
    select id, 'disbursement', 'D1', disbursed_amount, (decided_at at time zone 'Asia/Shanghai')::date + 2
      from loan_applications where disbursed_amount > 0`);
  await db.raw('analyze');
  const genSeconds = (performance.now() - genStart) / 1000;
  console.log(`generated ${ENTERPRISES} enterprises and ${LOANS} loan applications for ${month} in ${genSeconds.toFixed(1)} s`);

  // Baseline: COPY (SELECT …) TO STDOUT of every extraction the layout reads, drained.
  const format = loadFeedFormat('v1');
  const [y, m] = month.split('-').map(Number) as [number, number];
  const params = {
    month,
    regionCode: '420200',
    connectedWithinDays: 30,
    startDate: `${month}-01`,
    endDate: m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`,
    codeKeys: () => Object.keys(format.codeTables.get('credit-categories')!.codes),
  };
  const queries = format.layout.files.map((file) => {
    const { sql, bindings } = extraction(file.source, params);
    return db.raw(sql, bindings).toQuery();
  });
  // Server processes are children of the postmaster, which collects their CPU when they exit.
  const postmaster = parentPid((await db.raw('select pg_backend_pid() as pid')).rows[0].pid as number);
  await database.close();

  // Each run: the baseline, then the build, on the same data; the build of run N+1 starts a new revision.
  const runs: { seconds: number; cpuSeconds: number; peakRss: number; copySeconds: number; rows: number; copyPgCpu: number; buildPgCpu: number }[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const copyPgBefore = clusterCpuSeconds(postmaster);
    const copyStart = performance.now();
    let copyBytes = 0;
    for (const text of queries) {
      const stream = client.query(copyTo(`copy (${text}) to stdout`));
      for await (const chunk of stream as AsyncIterable<Buffer>) copyBytes += chunk.length;
    }
    const copySeconds = (performance.now() - copyStart) / 1000;
    await client.end();
    const copyPgCpu = clusterCpuSeconds(postmaster) - copyPgBefore;
    console.log(`run ${run}: COPY baseline: ${(copyBytes / 1_048_576).toFixed(0)} MiB of rows in ${copySeconds.toFixed(1)} s`);

    const cpuProfile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
    const buildPgBefore = clusterCpuSeconds(postmaster);
    const child = spawnSync(process.execPath, ['--import', 'tsx', ...cpuProfile, 'bench/_feed-build.ts', url, month], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`build failed: ${child.stderr}`);
    const buildPgCpu = clusterCpuSeconds(postmaster) - buildPgBefore;
    const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as { seconds: number; cpu_seconds: number; status: string; counts: Record<string, number>; bytes: number; peak_rss_mb: number };
    if (result.status !== 'ready') throw new Error(`build ended ${result.status}: ${child.stdout}`);
    const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
    console.log(
      `run ${run}: build: ${rows} rows (${JSON.stringify(result.counts)}) into ${(result.bytes / 1_048_576).toFixed(0)} MiB of gzip in ${result.seconds.toFixed(1)} s ` +
        `(${result.cpu_seconds.toFixed(1)} s of CPU in the build process, ${buildPgCpu.toFixed(1)} s in PostgreSQL; the baseline's PostgreSQL CPU ${copyPgCpu.toFixed(1)} s), peak RSS ${result.peak_rss_mb} MB, load average ${loadavg()[0]!.toFixed(1)}`,
    );
    runs.push({ seconds: result.seconds, cpuSeconds: result.cpu_seconds, peakRss: result.peak_rss_mb, copySeconds, rows, copyPgCpu, buildPgCpu });
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(
    JSON.stringify({
      bench: 'feed',
      seconds: Number(median(runs.map((r) => r.seconds)).toFixed(1)),
      peak_rss_mb: median(runs.map((r) => r.peakRss)),
      ratio: Number(median(runs.map((r) => r.copySeconds / r.seconds)).toFixed(2)),
      rows: runs[0]!.rows,
      copy_seconds: Number(median(runs.map((r) => r.copySeconds)).toFixed(1)),
      build_cpu_seconds: Number(median(runs.map((r) => r.cpuSeconds)).toFixed(1)),
      build_pg_cpu_seconds: Number(median(runs.map((r) => r.buildPgCpu)).toFixed(1)),
      copy_pg_cpu_seconds: Number(median(runs.map((r) => r.copyPgCpu)).toFixed(1)),
      runs: RUNS,
      scale: SCALE,
    }),
  );
} finally {
  cluster.stop();
}
