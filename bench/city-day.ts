import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import knexFactory from 'knex';
import { BankSimulator } from '../bank-adapters/simulator/bank-simulator.js';
import { simulatedBankSetup } from '../bank-adapters/simulator/simulated-banks.js';
import { startInstance, sharedSettings, type Instance } from '../scripts/ops/instances.js';
import { ensureServerBuilt } from '../scripts/server-build.js';
import { startNginx, type Nginx } from '../scripts/ops/nginx.js';
import { startPgBouncer } from '../scripts/ops/pgbouncer.js';
import { startOpsCluster } from '../scripts/ops/postgres-cluster.js';
import { sleep } from '../scripts/ops/processes.js';
import { DEMO_INSTITUTIONS } from '../src/demo/demo-city.js';
import { generateDemoCreditRecords } from '../src/demo/demo-credit-records.js';
import { SOURCE_OF } from '../src/demo/seed-demo-credit-records.js';
import type { MarketEntity } from '../src/enterprises/market-entity.js';
import { shanghaiDate } from '../src/platform/business-date.js';
import { Sm4FieldCipher } from '../src/platform/national-crypto.js';
import { hashPassword } from '../src/platform/password.js';
import { clusterCpuSeconds, cpuSeconds } from './_cpu.js';
import { generateCity, seqScans, waitForBackgroundWork } from './_city-day-city.js';
import { INTERACTIVE, login, machineToken, note, request, startCallbackRelay, type Actors } from './_city-day-requests.js';
import { DAY, KINDS, LOAD_FACTOR, emptyStats, peakRates, percentile, schedule, type Kind, type KindStats } from './_city-day-schedule.js';

/**
 * city-day: a working day of a 1,000,000-entity city at 10x its expected peak hour (the peak is
 * derived in _city-day-schedule.ts from the stated assumptions), through nginx and PgBouncer
 * (transaction pooling), against ONE instance and then TWO, on the same data.
 *
 * - Data: generated in SQL (_city-day-city.ts) on top of the platform's small demo seed: 1,000,000
 *   market entities, ~95,000 registered enterprises with logins, 20 banks, one grant per
 *   enterprise; the 5,000 pulled enterprises' profiles built by the platform's own drain.
 * - Each phase is an OPEN loop: Poisson arrivals per kind at 10x the peak rate, the same seeded
 *   schedule in both phases; latency counts from the scheduled send time (no coordinated
 *   omission); a request unanswered after 30 s is a timeout. Kinds: login (scrypt on purpose),
 *   enterprise pages, officer pages, oversight, authorisation (grant), profile pull by a bank's
 *   machine client through the consent gate, application (outbox to the bank), the banks'
 *   signed callbacks (the bank simulator, 20 banks on both protocols, timed through a relay),
 *   one ingest batch per category (JSON lines through the API, spread over the phase) and one
 *   white-list run. A phase's writes do not repeat the other's: each has its own applicants,
 *   its own enterprises in the batches and its own bank's white-list run.
 * - scale_ratio comes from a SATURATING step instead (closed loop of SAT_CONNECTIONS users on the
 *   interactive mix): completed 2xx/s with two instances over one. p99 and errors come from the
 *   10x-peak phases.
 * - CPU budget per kind: each interactive kind alone against one instance; CPU µs of the
 *   instance and of PostgreSQL per completed request (fairer than latency on a shared machine).
 *
 * Env: CITY_DAY_ENTITIES (default 1000000), BENCH_DURATION (seconds per phase, default 120),
 * SAT_DURATION (default 20), SAT_CONNECTIONS (default 64), BENCH_CPU_PROF=<dir> (V8 CPU profiles of the
 * instances, written when they stop).
 */
const ENTITIES = Number(process.env.CITY_DAY_ENTITIES ?? 1_000_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 120);
const SAT_DURATION = Number(process.env.SAT_DURATION ?? 20);
const SAT_CONNECTIONS = Number(process.env.SAT_CONNECTIONS ?? 64);
const PASSWORD = 'Xyd#CityDay2026!';
const APPLICANTS = 40;
const BATCH_ENTITIES = 400;
const NODE_ARGS = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
const BATCH_WORK: ReadonlySet<Kind> = new Set(['ingest', 'whitelist_run']);

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1_000).toFixed(0)} s`;
const cluster = await startOpsCluster('city-day');
const bouncer = await startPgBouncer(cluster.port, 'app', 40);
const simulator = new BankSimulator({ banks: [], retryScale: 1 / 1_000 });
const instances: Instance[] = [];
let nginx: Nginx | undefined;
let target = '';
const relay = await startCallbackRelay(() => target);
const db = knexFactory({ client: 'pg', connection: cluster.url('app'), pool: { min: 1, max: 1 } });
try {
  cluster.psql('create database app');
  const settings = sharedSettings(bouncer.url('app'), {
    DATABASE_PREPARED_STATEMENTS: 'false',
    DATABASE_POOL_MAX: '16',
    BANK_SIMULATOR: 'false',
    DEMO_ENTITY_COUNT: '1000',
    DEMO_CREDIT_RECORD_ENTITIES: '0',
    LOG_LEVEL: 'warn',
    LOGIN_MAX_FAILURES_PER_IP: '100000',
    SCHEDULER_ENABLED: 'false',
    // Tokens are taken once at set-up and must outlive the run at 1,000,000 entities.
    JWT_TTL_SECONDS: '3600',
    CLIENT_TOKEN_TTL_SECONDS: '3600',
  });
  await ensureServerBuilt();
  // First boot: migrations and the demo's institutions; then the city in SQL.
  const first = await startInstance(settings, 600_000);
  await first.stop();
  const city = await generateCity(db, ENTITIES, await hashPassword(PASSWORD), new Sm4FieldCipher(Buffer.from(settings.SM4_KEY!, 'hex')).encrypt('13800001234'));
  const generated = performance.now();
  console.log(`city generated in SQL at ${elapsed()}: ${JSON.stringify(city.sizes)}`);

  const simulatorUrl = await simulator.start();
  const setup = simulatedBankSetup(city.banks.map((b, i) => ({ bankCode: b.code, protocol: i % 2 ? 'json-webhooks' : 'cn-open-platform-sm' })), simulatorUrl, settings.PLATFORM_SM2_PUBLIC_KEY!);
  for (const bank of setup.simulated(relay.url)) simulator.addBank(bank);
  const withBanks = { ...settings, BANK_ADAPTERS: JSON.stringify(setup.settings) };
  instances.push(await startInstance(withBanks, 600_000, NODE_ARGS));
  const drainSeconds = await waitForBackgroundWork(db);
  console.log(`the platform's drain built ${city.pulls.flat().length} profiles in ${drainSeconds.toFixed(0)} s (at ${elapsed()})`);

  const direct = instances[0]!.url;
  const officerTokens = await Promise.all(city.banks.map((b) => login(direct, b.officer, b.officer.startsWith('city') ? PASSWORD : 'Demo@2026')));
  const banks: Actors['banks'] = [];
  for (const [i, b] of city.banks.entries()) {
    const adminToken = await login(direct, b.admin, b.admin.startsWith('city') ? PASSWORD : 'Demo@2026');
    banks.push({ code: b.code, id: b.id, officerToken: officerTokens[i]!, machineToken: await machineToken(direct, adminToken), product: city.products[i]! });
  }
  const departments = new Map<string, string>();
  for (const demo of DEMO_INSTITUTIONS.filter((d) => d.type === 'data_source')) departments.set(demo.code, await login(direct, demo.username, 'Demo@2026'));
  const loginAll = async (usernames: string[]) => {
    const tokens: string[] = [];
    for (const u of usernames) tokens.push(await login(direct, u, PASSWORD));
    return tokens;
  };
  const sme = city.smeUsernames;
  const entityRows = (await db('market_entities as m')
    .join('enterprises as e', 'e.uscc', 'm.uscc')
    .where('m.uscc', 'like', '__420200%')
    .orderByRaw('hashtext(m.uscc)')
    .limit(2 * BATCH_ENTITIES)
    .select('m.*')) as Record<string, string>[];
  const entities: MarketEntity[] = entityRows.map((r) => ({
    uscc: r.uscc!, name: r.name!, entityType: r.entity_type as MarketEntity['entityType'], legalRepresentative: r.legal_representative!,
    districtCode: r.district_code!, status: r.status as MarketEntity['status'], establishedOn: String(r.established_on).slice(0, 10), registeredCapital: String(r.registered_capital), industry: r.industry ?? null,
  }));
  const batchesFor = (chunk: MarketEntity[]) =>
    Object.entries(generateDemoCreditRecords(chunk, shanghaiDate(new Date())))
      .filter(([, rows]) => rows.length > 0)
      .map(([category, rows]) => ({ token: departments.get(SOURCE_OF[category]!)!, category, body: rows.map((r) => JSON.stringify(r)).join('\n') + '\n' }));
  const actorsFor = async (phase: 0 | 1): Promise<Actors> => ({
    password: PASSWORD,
    banks,
    pulls: city.pulls,
    smeTokens: await loginAll(sme.slice(phase * 100, phase * 100 + 100)),
    smeUsernames: sme.slice(1_000),
    applicants: await loginAll(sme.slice(200 + phase * APPLICANTS, 200 + (phase + 1) * APPLICANTS)),
    officerUsernames: city.banks.filter((b) => b.officer.startsWith('city')).map((b) => b.officer),
    office: await login(direct, 'jrj_viewer', 'Demo@2026'),
    batches: batchesFor(entities.slice(phase * BATCH_ENTITIES, (phase + 1) * BATCH_ENTITIES)),
    whitelistBank: phase,
  });
  const actors = [await actorsFor(0), await actorsFor(1)];
  const arrivals = schedule(DURATION, actors[0]!.batches.length);
  const postmaster = Number(readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const cpuNow = () => ({ platform: instances.reduce((s, i) => s + cpuSeconds(i.pid), 0), postgres: clusterCpuSeconds(postmaster), load: cpuSeconds(process.pid) });

  /**
   * Each instance's event-loop delay since the previous scrape (prom-client resets its histogram on
   * every scrape): what a blocking piece of work would show, apart from the machine's queueing.
   */
  const loopLag = async () =>
    Promise.all(
      instances.map(async (i) => {
        const text = await (await fetch(`${i.url}/metrics`, { headers: { authorization: `Bearer ${settings.METRICS_TOKEN}` } })).text();
        const ms = (name: string) => Math.round(Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]) * 1_000);
        return { p99_ms: ms('xyd_nodejs_eventloop_lag_p99_seconds'), max_ms: ms('xyd_nodejs_eventloop_lag_max_seconds') };
      }),
    );

  /** The open-loop phase: every arrival sent at its time, whatever the answers before it. */
  async function openPhase(base: string, a: Actors) {
    const stats = new Map<Kind, KindStats>(KINDS.map((k) => [k, emptyStats()]));
    await loopLag();
    relay.use(stats.get('callback'));
    const cpu0 = cpuNow();
    const t0 = performance.now();
    const inflight: Promise<void>[] = [];
    for (const arrival of arrivals) {
      const due = t0 + arrival.at;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const s = stats.get(arrival.kind)!;
      s.sent += 1;
      inflight.push(
        request(base, arrival.kind as Exclude<Kind, 'callback'>, arrival.n, a).then(
          (o) => note(s, o.expected, o.status, performance.now() - due),
          (error: unknown) => note(s, false, 0, performance.now() - due, error),
        ),
      );
    }
    await Promise.all(inflight);
    await simulator.idle(60_000);
    relay.use(undefined);
    const seconds = (performance.now() - t0) / 1_000;
    const cpu1 = cpuNow();
    return { stats, seconds, lag: await loopLag(), cpu: { platform: cpu1.platform - cpu0.platform, postgres: cpu1.postgres - cpu0.postgres, load: cpu1.load - cpu0.load } };
  }

  /** Closed loop on the interactive mix (no applications: their product pairs would repeat) for the throughput ratio. */
  async function saturate(base: string, a: Actors) {
    const weights = INTERACTIVE.filter((k) => k !== 'application').map((k) => [k, DAY[k]] as const);
    const total = weights.reduce((s, [, w]) => s + w, 0);
    const end = performance.now() + SAT_DURATION * 1_000;
    let ok = 0;
    let errors = 0;
    let n = 0;
    await Promise.all(
      Array.from({ length: SAT_CONNECTIONS }, async () => {
        while (performance.now() < end) {
          let x = Math.random() * total;
          const kind = weights.find(([, w]) => (x -= w) < 0)?.[0] ?? 'sme_page';
          const o = await request(base, kind, n++, a).catch(() => ({ expected: false, status: 0 }));
          if (performance.now() > end) break;
          if (o.expected) ok += 1;
          else errors += 1;
        }
      }),
    );
    return { rps: ok / SAT_DURATION, errors };
  }

  /** Each interactive kind alone (8 users, 4 s) against one instance: CPU µs per completed request. */
  async function cpuBudget(base: string, a: Actors) {
    const budget: Record<string, { platform_us: number; postgres_us: number; n: number }> = {};
    for (const kind of INTERACTIVE.filter((k) => k !== 'application')) {
      const cpu0 = cpuNow();
      const end = performance.now() + 4_000;
      let done = 0;
      let n = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (performance.now() < end) if ((await request(base, kind, n++, a).catch(() => ({ expected: false }))).expected) done += 1;
      }));
      const cpu1 = cpuNow();
      budget[kind] = { platform_us: Math.round(((cpu1.platform - cpu0.platform) / Math.max(1, done)) * 1e6), postgres_us: Math.round(((cpu1.postgres - cpu0.postgres) / Math.max(1, done)) * 1e6), n: done };
    }
    return budget;
  }

  function report(label: string, r: Awaited<ReturnType<typeof openPhase>>) {
    const interactive = [...r.stats].filter(([k]) => !BATCH_WORK.has(k));
    const latencies = interactive.flatMap(([, s]) => s.latencies);
    const all = [...r.stats.values()];
    const errors = all.reduce((s, k) => s + k.errors + k.timeouts, 0);
    const completed = all.reduce((s, k) => s + k.ok, 0);
    console.log(`\n${label}: ${(completed / DURATION).toFixed(1)} req/s completed, p99 ${percentile(latencies, 0.99).toFixed(0)} ms (interactive and callbacks), errors ${errors}; CPU ${r.cpu.platform.toFixed(1)} s platform, ${r.cpu.postgres.toFixed(1)} s PostgreSQL, ${r.cpu.load.toFixed(1)} s this load generator and the bank simulator; event-loop delay per instance ${JSON.stringify(r.lag)}`);
    console.log(`  ${'kind'.padEnd(14)} ${'sent'.padStart(6)} ${'rate/s'.padStart(7)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} errors`);
    for (const [kind, s] of r.stats)
      console.log(`  ${kind.padEnd(14)} ${String(s.sent).padStart(6)} ${(s.sent / DURATION).toFixed(2).padStart(7)} ${percentile(s.latencies, 0.5).toFixed(0).padStart(7)} ${percentile(s.latencies, 0.99).toFixed(0).padStart(7)} ${s.errors + s.timeouts}${s.timeouts ? ` (${s.timeouts} timeouts)` : ''}${s.samples.length ? ` ${s.samples.join('; ')}` : ''}`);
    return {
      rps: completed / DURATION,
      p99: percentile(latencies, 0.99),
      errors,
      kinds: Object.fromEntries([...r.stats].map(([k, s]) => [k, { sent: s.sent, p50_ms: Math.round(percentile(s.latencies, 0.5)), p99_ms: Math.round(percentile(s.latencies, 0.99)), errors: s.errors + s.timeouts }])),
      cpu_s: { platform: Number(r.cpu.platform.toFixed(1)), postgres: Number(r.cpu.postgres.toFixed(1)), load: Number(r.cpu.load.toFixed(1)) },
      loop_lag: r.lag,
    };
  }

  const rates = peakRates();
  console.log(`10x peak: ${Object.entries(rates).map(([k, r]) => `${k} ${r.toFixed(2)}/s`).join(', ')}; ${arrivals.length} arrivals in ${DURATION} s per phase`);
  nginx = await startNginx([instances[0]!.port]);
  target = nginx.url;
  await saturate(nginx.url, actors[0]!); // warm-up (JIT, caches, plans)
  await waitForBackgroundWork(db);
  const one = report('one instance, 10x peak', await openPhase(nginx.url, actors[0]!));
  const drainOne = await waitForBackgroundWork(db);
  const budget = await cpuBudget(nginx.url, actors[0]!);
  console.log(`\nCPU µs per request, one instance: ${JSON.stringify(budget)}`);
  const satOne = await saturate(nginx.url, actors[0]!);
  console.log(`saturating step, one instance: ${satOne.rps.toFixed(1)} req/s completed, ${satOne.errors} errors`);
  await nginx.stop();

  instances.push(await startInstance(withBanks, 600_000, NODE_ARGS));
  nginx = await startNginx(instances.map((i) => i.port));
  target = nginx.url;
  await saturate(nginx.url, actors[1]!); // the second instance's warm-up
  await waitForBackgroundWork(db);
  const two = report('two instances, 10x peak', await openPhase(nginx.url, actors[1]!));
  const drainTwo = await waitForBackgroundWork(db);
  const satTwo = await saturate(nginx.url, actors[1]!);
  console.log(`saturating step, two instances: ${satTwo.rps.toFixed(1)} req/s completed, ${satTwo.errors} errors`);
  console.log(`after the phases, the batches' profile drain and the white-list run went on for ${drainOne.toFixed(0)} s (one) and ${drainTwo.toFixed(0)} s (two)`);

  const scanned = await seqScans(db);
  console.log(`tables read by sequential scans during the run: ${JSON.stringify(scanned)}`);
  console.log(
    JSON.stringify({
      bench: 'city-day',
      entities: ENTITIES,
      generation_s: Math.round((generated - started) / 1_000),
      load_factor: LOAD_FACTOR,
      offered_rps: Number((arrivals.length / DURATION).toFixed(1)),
      duration_s: DURATION,
      rps_one: Number(one.rps.toFixed(1)),
      rps_two: Number(two.rps.toFixed(1)),
      p99_ms_one: Math.round(one.p99),
      errors_one: one.errors,
      kinds_two: two.kinds,
      cpu_s_two: two.cpu_s,
      loop_lag_one: one.loop_lag,
      loop_lag_two: two.loop_lag,
      cpu_us_per_request: budget,
      seq_scans: scanned,
      sat_rps_one: Number(satOne.rps.toFixed(1)),
      sat_rps_two: Number(satTwo.rps.toFixed(1)),
      sat_errors: satOne.errors + satTwo.errors,
      errors: one.errors + two.errors,
      p99_ms: Math.round(two.p99),
      scale_ratio: Number((satTwo.rps / satOne.rps).toFixed(2)),
    }),
  );
} finally {
  await nginx?.stop();
  await Promise.all(instances.map((i) => i.stop()));
  await simulator.stop();
  relay.server.close();
  await db.destroy();
  await bouncer.stop();
  cluster.destroy();
}
