import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import knexFactory, { type Knex } from 'knex';
import { ensureServerBuilt, SERVER_ARGS } from '../scripts/server-build.js';
import { makeUscc } from '../src/demo/demo-city.js';
import { tableOf } from '../src/ingestion/records/typed-record-table.js';
import { shanghaiMonth } from '../src/platform/partitions/month-range.js';
import { MONTHLY_TABLES } from '../src/platform/partitions/monthly-tables.js';
import { partitionStore } from '../src/platform/partitions/partition-store.js';
import { SeededRandom } from '../src/platform/seeded-random.js';
import { FAMILIES, month, type IngestFamily } from './_ingest-families.js';
import { clusterCpuSeconds, cpuSeconds, parentPid } from './_cpu.js';
import { benchCluster } from './_bench-cluster.js';

/**
 * One run per category family (tax, social security, utilities, penalties; `_ingest-families.ts`):
 * 1,000,000 rows of the family as CSV through the real pipeline (the platform as its own
 * process, the file uploaded over HTTP: parse, validate, COPY into the category's typed table
 * with provenance) against psql's `\copy` of the same file into a plain table with the same
 * columns and the same unique key, on the same throwaway PostgreSQL. Each family reports the
 * ratio of rows/s and the platform process's peak RSS (a fresh process per family); the last
 * line has the lowest family's ratio and the highest peak.
 *
 * It also reports the CPU seconds each side used (the COPY: psql and its server process; the
 * pipeline: the platform process and the cluster's server processes), because on a shared
 * machine the wall-clock ratio moves with everyone else's load while CPU per row does not.
 *
 * What is timed: from the upload's first byte to the batch report (the batch completed: every
 * row stored with its provenance, rejections quarantined, the touched enterprises' profiles
 * marked). The batch then starts the background drain that rebuilds those profiles; the bench
 * waits for it to finish before the next family (otherwise it would compete with the next
 * family's load) and reports it separately: `drain_s`, `drain_profiles_per_s`, `drain_cpu_s`.
 * `peak_rss_mb` is the platform's peak up to the batch report; `drain_peak_rss_mb` its peak
 * including the drain.
 *
 * Env: BENCH_ROWS (default 1,000,000 per family), BENCH_FAMILIES (comma-separated, default all),
 * BENCH_CPU_PROF=<dir> (write a V8 CPU profile of each platform process there), BENCH_PG_STATEMENTS=1
 * (print the statements that took most of PostgreSQL's time during each family's load).
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ENTITIES = 50_000;
const periods = Math.ceil(ROWS / ENTITIES);

const dir = mkdtempSync(join(tmpdir(), 'xyd-bench-ingest-'));
const statements = process.env.BENCH_PG_STATEMENTS === '1';
// Autovacuum off, each family's tables vacuumed and analysed once it is done (outside the timed
// windows): otherwise the vacuum of one family's million rows (or of the baseline's table) starts
// within a later window, and its CPU and core are counted against whichever load it meets.
const { cluster, url, binDir } = await benchCluster('ingest', ['autovacuum=off', ...(statements ? ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all'] : [])]);
let child: ReturnType<typeof spawn> | undefined;

const usccs = Array.from({ length: ENTITIES }, (_, i) => makeUscc('91', '420202', String(10_000_000 + i * 37).slice(0, 8)));
const families = process.env.BENCH_FAMILIES ? FAMILIES.filter((f) => process.env.BENCH_FAMILIES!.split(',').includes(f.family)) : FAMILIES;

async function writeCsv(f: IngestFamily, path: string): Promise<void> {
  const random = new SeededRandom(7);
  const out = createWriteStream(path);
  out.write(`${f.header}\n`);
  let written = 0;
  for (let p = 0; p < periods && written < ROWS; p++) {
    for (let e = 0; e < ENTITIES && written < ROWS; e++, written++) {
      if (!out.write(`${f.line(usccs[e]!, e, p, random)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  }
  out.end();
  await finished(out);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

interface FamilyResult {
  family: string;
  ratio: number;
  rows_per_s: number;
  copy_rows_per_s: number;
  peak_rss_mb: number;
  copy_cpu_s: number;
  pipeline_cpu_s: number;
  platform_us_per_row: number;
  postgres_us_per_row: number;
  drain_s: number;
  drain_profiles_per_s: number;
  drain_cpu_s: number;
  drain_peak_rss_mb: number;
  /** The machine's 1-minute load average when the family started and when it finished. */
  load_avg: number[];
}

const staleProfiles = async (db: Knex): Promise<number> =>
  Number(((await db.raw('select count(*) as n from credit_profiles where stale')).rows as { n: string }[])[0]!.n);

/** Waits until the background drain has rebuilt every stale profile. */
async function drained(db: Knex): Promise<void> {
  const deadline = Date.now() + 30 * 60_000;
  while ((await staleProfiles(db)) > 0) {
    if (Date.now() > deadline) throw new Error('the profile drain did not finish in 30 minutes');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The platform, as `npm start` runs it (the build of `ensureServerBuilt()`), on the bench database; resolves with its base URL. */
async function startPlatform(url: string): Promise<string> {
  const cpuProfile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  child = spawn(process.execPath, [...cpuProfile, ...SERVER_ARGS], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: 'warn',
      DEMO_ENTITY_COUNT: '100',
      DEMO_CREDIT_RECORD_ENTITIES: '0',
      ...(process.env.INGEST_CHUNK_SIZE ? { INGEST_CHUNK_SIZE: process.env.INGEST_CHUNK_SIZE } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<string>((resolve, reject) => {
    let out = '';
    child!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child!.once('exit', (code) => reject(new Error(`platform exited with ${code}`)));
  });
}

async function stopPlatform(): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child!.once('exit', resolve));
}

async function runFamily(f: IngestFamily, db: Knex, url: string, postmaster: number): Promise<FamilyResult> {
  const csvPath = join(dir, `${f.family}.csv`);
  await writeCsv(f, csvPath);
  // A table partitioned by period has the file's months as partitions, as the daily job leaves
  // them in a running city; BENCH_DEFAULT_PARTITION=1 loads them into the default partition instead
  // (history of months without a partition yet).
  const partitioned = MONTHLY_TABLES.find((t) => t.table === tableOf(f.category) && t.kind === 'period');
  if (partitioned && process.env.BENCH_DEFAULT_PARTITION !== '1') {
    for (let p = 0; p < periods; p++) {
      const [year, m] = month(p).split('-').map(Number) as [number, number];
      await partitionStore.create(db, partitioned, shanghaiMonth(new Date(Date.UTC(year, m - 1, 15))));
    }
  }
  const loadBefore = loadavg()[0]!;

  // Baseline: raw COPY into a plain table with the same columns and unique key.
  await db.raw(`create table bench_${f.family}_copy (${f.baseline})`);
  const copyCpuBefore = cpuSeconds(postmaster, true) + cpuSeconds(process.pid, true);
  const copyStart = performance.now();
  const psql = spawnSync(join(binDir, 'psql'), [url, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy bench_${f.family}_copy from '${csvPath}' with (format csv, header true)`], { encoding: 'utf8' });
  if (psql.status !== 0) throw new Error(`psql copy failed: ${psql.stderr}`);
  const copySeconds = (performance.now() - copyStart) / 1000;
  const copyRowsPerS = ROWS / copySeconds;
  await settle();
  const copyCpu = cpuSeconds(postmaster, true) + cpuSeconds(process.pid, true) - copyCpuBefore;
  console.log(`${f.family}: COPY baseline ${ROWS} rows in ${copySeconds.toFixed(1)} s = ${Math.round(copyRowsPerS)} rows/s`);

  const base = await startPlatform(url);
  const login = await fetch(`${base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: f.username, password: 'Demo@2026' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const rssBefore = peakRssMb(child!.pid!);
  const stale = await staleProfiles(db);
  if (stale > 0) throw new Error(`${stale} profiles stale before the ${f.family} load: a drain would compete with it`);
  if (statements) await db.raw('select pg_stat_statements_reset()');
  const serverCpuBefore = clusterCpuSeconds(postmaster);
  const platformCpuBefore = cpuSeconds(child!.pid!);

  const start = performance.now();
  const res = await fetch(`${base}/api/v1/ingestion/${f.category}/files?formatVersion=1&fileName=${f.family}.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'text/csv' },
    body: Readable.toWeb(createReadStream(csvPath)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const report = (await res.json()) as { rowsAccepted: number; rowsRejected: number; status: string };
  const seconds = (performance.now() - start) / 1000;
  if (res.status !== 201 || report.rowsAccepted !== ROWS) throw new Error(`${f.family} upload failed: ${res.status} ${JSON.stringify(report).slice(0, 500)}`);
  const peak = peakRssMb(child!.pid!);
  const platformCpu = cpuSeconds(child!.pid!) - platformCpuBefore;
  const serverCpu = clusterCpuSeconds(postmaster) - serverCpuBefore;
  if (statements) {
    const top = (await db.raw(`select calls, round(total_exec_time)::int as ms, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 120) as query
      from pg_stat_statements order by total_exec_time desc limit 12`)).rows as { calls: number; ms: number; rows: number; query: string }[];
    for (const t of top) console.log(`${f.family}:   ${String(t.ms).padStart(7)} ms ${String(t.calls).padStart(6)} calls ${String(t.rows).padStart(8)} rows  ${t.query}`);
  }
  const drainStart = performance.now();
  await drained(db);
  const drainSeconds = (performance.now() - drainStart) / 1000;
  const drainCpu = cpuSeconds(child!.pid!) - platformCpuBefore - platformCpu + clusterCpuSeconds(postmaster) - serverCpuBefore - serverCpu;
  const drainPeak = peakRssMb(child!.pid!);
  await stopPlatform();
  await db.raw('vacuum analyze');
  const touched = Number(((await db.raw(`select count(distinct uscc) as n from ${tableOf(f.category)}`)).rows as { n: string }[])[0]!.n);
  const stored = await db(tableOf(f.category)).count<{ n: number }[]>('* as n');
  rmSync(csvPath);
  const rowsPerS = ROWS / seconds;
  console.log(`${f.family}: pipeline ${ROWS} rows in ${seconds.toFixed(1)} s = ${Math.round(rowsPerS)} rows/s; stored ${stored[0]!.n}; platform RSS ${rssBefore} MB at rest, peak ${peak} MB`);
  const pipelineCpu = platformCpu + serverCpu;
  console.log(`${f.family}: CPU: COPY ${copyCpu.toFixed(1)} s (${((copyCpu / ROWS) * 1e6).toFixed(1)} µs/row); pipeline ${pipelineCpu.toFixed(1)} s (${((pipelineCpu / ROWS) * 1e6).toFixed(1)} µs/row: platform ${platformCpu.toFixed(1)} s, PostgreSQL ${serverCpu.toFixed(1)} s)`);
  console.log(`${f.family}: then the profile drain: ${touched} profiles in ${drainSeconds.toFixed(1)} s, ${drainCpu.toFixed(1)} s CPU, platform peak ${drainPeak} MB`);
  return {
    family: f.family, ratio: Number((rowsPerS / copyRowsPerS).toFixed(2)), rows_per_s: Math.round(rowsPerS), copy_rows_per_s: Math.round(copyRowsPerS),
    peak_rss_mb: peak, copy_cpu_s: Number(copyCpu.toFixed(1)), pipeline_cpu_s: Number(pipelineCpu.toFixed(1)),
    platform_us_per_row: Number(((platformCpu / ROWS) * 1e6).toFixed(1)), postgres_us_per_row: Number(((serverCpu / ROWS) * 1e6).toFixed(1)),
    drain_s: Number(drainSeconds.toFixed(1)), drain_profiles_per_s: Math.round(touched / drainSeconds), drain_cpu_s: Number(drainCpu.toFixed(1)),
    drain_peak_rss_mb: drainPeak, load_avg: [Number(loadBefore.toFixed(1)), Number(loadavg()[0]!.toFixed(1))],
  };
}

try {
  const db = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  if (statements) await db.raw('create extension pg_stat_statements');
  // Server processes are children of the postmaster, which collects their CPU when they exit.
  const postmaster = parentPid((await db.raw('select pg_backend_pid() as pid')).rows[0].pid as number);
  // Migrate and seed once, then register the bench's enterprises: records are accepted only for
  // enterprises in the market-entity register.
  await ensureServerBuilt();
  await startPlatform(url);
  await stopPlatform();
  await db.raw(`insert into market_entities (uscc, name, entity_type, legal_representative, district_code, status, established_on, registered_capital, industry)
    select u, '基准企业', 'enterprise', '张三', '420202', 'existing', date '2015-01-01', 1000000, '批发业' from unnest(?::text[]) as u
    on conflict do nothing`, [usccs]);
  const results: FamilyResult[] = [];
  for (const f of families) {
    const result = await runFamily(f, db, url, postmaster);
    console.log(JSON.stringify({ bench: 'ingest', ...result }));
    results.push(result);
  }
  await db.destroy();
  const lowest = results.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  console.log(JSON.stringify({
    bench: 'ingest', ratio: lowest.ratio, lowest_family: lowest.family, peak_rss_mb: Math.max(...results.map((r) => r.peak_rss_mb)),
    ratios: Object.fromEntries(results.map((r) => [r.family, r.ratio])),
  }));
} finally {
  await stopPlatform();
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
