import { loadConfig } from '../src/config.js';
import { hashPassword } from '../src/platform/password.js';
import { startPlatform, type RunningPlatform } from '../src/server.js';
import { generateCity } from './_oversight-city.js';
import { benchCluster } from './_bench-cluster.js';

/**
 * Issue 18 at city scale: 1,000,000 market entities, 100,000 registered enterprises, a year of
 * applications, loans and repayments (BENCH_OVERSIGHT_ENTITIES scales it all; develop at 50,000).
 * Every KPI endpoint is timed over HTTP, cold (the first request after a fresh start of the
 * platform: new connection pool, empty in-process cache) and warm (p99 of repeated requests).
 * The baseline, measured in the same run, is a plain count(*) over the largest table the slowest
 * endpoint summarises. Goal: warm p99 < 300 ms and cold < 1 s for every figure. The monthly
 * workbook is timed too and reported on its own (`report_xlsx_*`): it is a download, not a figure.
 */
const ENTITIES = Number(process.env.BENCH_OVERSIGHT_ENTITIES ?? 1_000_000);
const WARM_REQUESTS = Number(process.env.BENCH_OVERSIGHT_WARM ?? 100);

/** Each endpoint with the base tables its figures summarise (through the views). */
const ENDPOINTS: { path: string; tables: string[] }[] = [
  { path: '/api/v1/oversight/kpis', tables: ['market_entities', 'tax_payment_records', 'credit_records', 'enterprises', 'consent_grants', 'loan_ledger_entries'] },
  { path: '/api/v1/oversight/kpis?month=MONTH&district=420204', tables: ['market_entities', 'enterprises', 'consent_grants', 'loan_ledger_entries'] },
  { path: '/api/v1/oversight/kpis/by-district', tables: ['market_entities', 'enterprises', 'consent_grants', 'loan_ledger_entries'] },
  { path: '/api/v1/oversight/kpis/trend', tables: ['market_entities', 'tax_payment_records', 'enterprises', 'consent_grants', 'loan_ledger_entries'] },
  { path: '/api/v1/oversight/drill-down?kpi=inclusive_balance', tables: ['loan_ledger_entries', 'loan_applications'] },
  { path: '/api/v1/oversight/drill-down?kpi=bank_access_share', tables: ['outbox_messages', 'bank_callbacks'] },
  { path: '/api/v1/oversight/drill-down?kpi=uscc_error_rate', tables: ['ingestion_batches', 'ingestion_quarantine'] },
  { path: '/api/v1/oversight/drill-down?kpi=coverage_rnd', tables: ['ingestion_batches', 'credit_records'] },
  { path: '/api/v1/oversight/drill-down?kpi=registration_share', tables: ['market_entities', 'enterprises'] },
  { path: '/api/v1/oversight/funnel', tables: ['loan_applications', 'enterprises', 'consent_grants', 'precredit_results'] },
  { path: '/api/v1/oversight/funnel?district=420204', tables: ['loan_applications', 'precredit_results', 'market_entities'] },
  { path: '/api/v1/oversight/bank-service', tables: ['loan_applications'] },
];
/** The monthly workbook is an export, not a figure: timed and reported apart from the goal. */
const EXPORT = { path: '/api/v1/oversight/report.xlsx', tables: ['market_entities'] };

const { cluster, url } = await benchCluster('oversight');
const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
let platform: RunningPlatform | undefined;
try {
  const config = loadConfig({
    NODE_ENV: 'test', DATABASE_URL: url, DATA_DIR: '/tmp', JWT_SECRET: 'x'.repeat(40), SM4_KEY: '0'.repeat(32), LOG_LEVEL: 'warn',
    DEMO_SEED: 'false', BANK_SIMULATOR: 'false', SCHEDULER_ENABLED: 'false', PORT: '0', HOST: '127.0.0.1',
  });
  const start = () => startPlatform(config);
  platform = await start();
  const knex = platform.database.knex;

  const loadStart = performance.now();
  const sizes = await generateCity(knex, ENTITIES, await hashPassword('Bench@2026'));
  console.log(`generated in ${((performance.now() - loadStart) / 1000).toFixed(1)} s: ${Object.entries(sizes).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ')}`);
  const refreshStart = performance.now();
  await platform.services.oversight.refresh();
  const refreshMs = performance.now() - refreshStart;
  console.log(`aggregates refreshed in ${(refreshMs / 1000).toFixed(1)} s`);

  const login = async (p: RunningPlatform) => {
    const res = await fetch(`${p.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench_office', password: 'Bench@2026' }) });
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  const timed = async (p: RunningPlatform, token: string, path: string) => {
    const t0 = performance.now();
    const res = await fetch(p.url + path.replace('MONTH', month), { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return performance.now() - t0;
  };

  const results: { path: string; coldMs: number; warmP50Ms: number; warmP99Ms: number; table: string }[] = [];
  for (const endpoint of [...ENDPOINTS, EXPORT]) {
    await platform.stop();
    platform = await start();
    const token = await login(platform);
    const coldMs = await timed(platform, token, endpoint.path);
    const warm: number[] = [];
    // The workbook takes around a second to build: fewer repeats keep the run short.
    const repeats = endpoint === EXPORT ? Math.min(WARM_REQUESTS, 20) : WARM_REQUESTS;
    for (let i = 0; i < repeats; i++) warm.push(await timed(platform, token, endpoint.path));
    warm.sort((a, b) => a - b);
    const table = endpoint.tables.reduce((a, b) => (sizes[b]! > sizes[a]! ? b : a));
    results.push({ path: endpoint.path, coldMs, warmP50Ms: warm[Math.floor(warm.length / 2)]!, warmP99Ms: warm[Math.min(warm.length - 1, Math.ceil(warm.length * 0.99) - 1)]!, table });
  }
  for (const r of results) console.log(`${r.path.padEnd(58)} cold ${r.coldMs.toFixed(0).padStart(5)} ms  warm p50 ${r.warmP50Ms.toFixed(1).padStart(6)} ms  p99 ${r.warmP99Ms.toFixed(1).padStart(6)} ms`);

  const exported = results.pop()!;
  const slowest = results.reduce((a, b) => (b.warmP99Ms > a.warmP99Ms ? b : a));
  const counts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await platform.database.knex.raw(`select count(*) from ${slowest.table}`);
    counts.push(performance.now() - t0);
  }
  counts.sort((a, b) => a - b);
  const baselineMs = counts[2]!;
  console.log(`baseline: count(*) over ${slowest.table} (${sizes[slowest.table]!.toLocaleString('en')} rows, median of 5) ${baselineMs.toFixed(1)} ms`);
  console.log(
    JSON.stringify({
      bench: 'oversight',
      entities: ENTITIES,
      worst_warm_p99_ms: Math.round(Math.max(...results.map((r) => r.warmP99Ms)) * 10) / 10,
      worst_cold_ms: Math.round(Math.max(...results.map((r) => r.coldMs))),
      slowest: slowest.path,
      baseline_table: slowest.table,
      baseline_count_ms: Math.round(baselineMs * 10) / 10,
      ratio: Math.round((slowest.warmP99Ms / baselineMs) * 1000) / 1000,
      refresh_ms: Math.round(refreshMs),
      report_xlsx_cold_ms: Math.round(exported.coldMs),
      report_xlsx_warm_p99_ms: Math.round(exported.warmP99Ms),
    }),
  );
} finally {
  await platform?.stop();
  await cluster.stop();
}
