import knexFactory from 'knex';
import { startInstance, sharedSettings, type Instance } from '../scripts/ops/instances.js';
import { startNginx, type Nginx } from '../scripts/ops/nginx.js';
import { startPgBouncer } from '../scripts/ops/pgbouncer.js';
import { startOpsCluster } from '../scripts/ops/postgres-cluster.js';

/**
 * city-day: a working day's mix of requests for a city, through nginx and PgBouncer (transaction
 * pooling), against ONE instance (the baseline, measured in the same run) and then TWO. Each
 * phase is a closed loop of BENCH_CONNECTIONS virtual users for BENCH_DURATION seconds; each user
 * picks a kind of request by the day's weights:
 *   login (password check), me, authorisation (an SME grants a bank, then revokes: consent rows,
 *   SM2-signed artefact, outbox events), whitelist (a bank officer's white-list page),
 *   oversight (the financial office's KPI figures), register (a market-entity lookup).
 * A white-list run is started at the start of each phase (the day's batch work, one bank's).
 * Reported per kind: requests/s, p99 ms, errors. Last line: {errors, p99_ms, scale_ratio, …}.
 *
 * Env: CITY_DAY_ENTITIES (market entities seeded, default 1000000), BENCH_DURATION (default 20),
 * BENCH_CONNECTIONS (default 48).
 */
const ENTITIES = Number(process.env.CITY_DAY_ENTITIES ?? 1_000_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 48);
const PASSWORD = 'Demo@2026';
const WEIGHTS: [Kind, number][] = [['login', 5], ['me', 20], ['authorisation', 10], ['whitelist', 25], ['oversight', 15], ['register', 25]];
type Kind = 'login' | 'me' | 'authorisation' | 'whitelist' | 'oversight' | 'register';

interface Actors {
  banks: { code: string; id: string; token: string }[];
  sme: { uscc: string; token: string };
  office: string;
  source: string;
  usccs: string[];
  bankLogins: string[];
}

async function post(base: string, path: string, body: unknown, token?: string) {
  return fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
}
async function login(base: string, username: string) {
  const res = await post(base, '/api/v1/auth/token', { username, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function request(base: string, kind: Kind, a: Actors, n: number): Promise<number> {
  const get = (path: string, token: string) => fetch(base + path, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => (await r.arrayBuffer(), r.status));
  const bank = a.banks[n % a.banks.length]!;
  switch (kind) {
    case 'login': {
      const res = await post(base, '/api/v1/auth/token', { username: a.bankLogins[n % a.bankLogins.length], password: PASSWORD });
      await res.arrayBuffer();
      return res.status;
    }
    case 'me':
      return get('/api/v1/me', bank.token);
    case 'whitelist':
      return get(`/api/v1/precredit/whitelist?page=${1 + (n % 5)}&pageSize=50`, bank.token);
    case 'oversight':
      return get('/api/v1/oversight/kpis', a.office);
    case 'register':
      return get(`/api/v1/market-entities/${a.usccs[n % a.usccs.length]}`, a.source);
    case 'authorisation': {
      const res = await post(base, '/api/v1/consents', { granteeInstitutionId: bank.id, scopes: ['register'], purpose: 'loan_application', validUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(), fetchType: 'ONETIME' }, a.sme.token);
      if (res.status !== 201) return (await res.arrayBuffer(), res.status);
      const { id } = (await res.json()) as { id: string };
      const revoked = await post(base, `/api/v1/consents/${id}/revoke`, {}, a.sme.token);
      await revoked.arrayBuffer();
      return revoked.status === 200 ? 201 : revoked.status;
    }
  }
}

interface KindStats { count: number; errors: number; latencies: number[] }

async function phase(base: string, actors: Actors): Promise<{ seconds: number; kinds: Map<Kind, KindStats> }> {
  const kinds = new Map<Kind, KindStats>(WEIGHTS.map(([k]) => [k, { count: 0, errors: 0, latencies: [] }]));
  await post(base, '/api/v1/precredit/whitelist/runs', {}, actors.banks[0]!.token).then((r) => r.arrayBuffer());
  const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const pick = (r: number): Kind => {
    let x = r * total;
    for (const [k, w] of WEIGHTS) if ((x -= w) < 0) return k;
    return 'me';
  };
  const started = performance.now();
  const end = started + DURATION * 1_000;
  let n = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const kind = pick(Math.random());
        const stats = kinds.get(kind)!;
        const t0 = performance.now();
        const status = await request(base, kind, actors, n++).catch(() => 0);
        stats.latencies.push(performance.now() - t0);
        stats.count += 1;
        if (status < 200 || status >= 300) stats.errors += 1;
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1_000, kinds };
}

const p99 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
};

function summary(label: string, result: Awaited<ReturnType<typeof phase>>) {
  const all = [...result.kinds.values()];
  const count = all.reduce((s, k) => s + k.count, 0);
  const errors = all.reduce((s, k) => s + k.errors, 0);
  const latencies = all.flatMap((k) => k.latencies);
  console.log(`\n${label}: ${(count / result.seconds).toFixed(0)} req/s, p99 ${p99(latencies).toFixed(0)} ms, errors ${errors}`);
  for (const [kind, k] of result.kinds) console.log(`  ${kind.padEnd(14)} ${(k.count / result.seconds).toFixed(1).padStart(8)} req/s  p99 ${p99(k.latencies).toFixed(0).padStart(5)} ms  errors ${k.errors}`);
  return { rps: count / result.seconds, errors, p99: p99(latencies) };
}

const cluster = await startOpsCluster('city-day');
const instances: Instance[] = [];
let nginx: Nginx | undefined;
const bouncer = await startPgBouncer(cluster.port, 'app', 40);
try {
  cluster.psql('create database app');
  const settings = sharedSettings(bouncer.url('app'), {
    DATABASE_PREPARED_STATEMENTS: 'false',
    DATABASE_POOL_MAX: '16',
    BANK_SIMULATOR: 'false',
    DEMO_ENTITY_COUNT: String(ENTITIES),
    DEMO_CREDIT_RECORD_ENTITIES: '1000',
    LOG_LEVEL: 'warn',
    LOGIN_MAX_FAILURES_PER_IP: '100000',
    SCHEDULER_ENABLED: 'false',
  });
  const seedStarted = performance.now();
  instances.push(await startInstance(settings, 3_600_000));
  console.log(`city of ${ENTITIES} market entities seeded and migrated in ${((performance.now() - seedStarted) / 1_000).toFixed(0)} s`);
  const db = knexFactory({ client: 'pg', connection: cluster.url('app'), pool: { min: 0, max: 1 } });
  const bankRows = (await db('institutions as i').join('users as u', 'u.institution_id', 'i.id').where({ 'i.type': 'bank', 'u.role': 'bank_officer' }).orderBy('i.code').select('i.code', 'i.id', 'u.username')) as { code: string; id: string; username: string }[];
  const { username: smeLogin } = (await db('users').where({ role: 'enterprise' }).orderBy('created_at').first('username')) as { username: string };
  const usccs = (await db('market_entities').orderByRaw('random()').limit(2_000).pluck('uscc')) as string[];
  await db.destroy();
  const base = instances[0]!.url;
  const banks = [];
  const seen = new Set<string>();
  for (const b of bankRows) {
    if (seen.has(b.code)) continue;
    seen.add(b.code);
    banks.push({ code: b.code, id: b.id, token: await login(base, b.username) });
  }
  const actors: Actors = { banks, sme: { uscc: smeLogin, token: await login(base, smeLogin) }, office: await login(base, 'jrj_viewer'), source: await login(base, 'jrj_viewer'), usccs, bankLogins: bankRows.map((b) => b.username) };

  nginx = await startNginx([instances[0]!.port]);
  await phase(nginx.url, actors); // warm-up (JIT, caches, first profiles)
  const one = summary('one instance', await phase(nginx.url, actors));
  await nginx.stop();

  instances.push(await startInstance(settings));
  nginx = await startNginx(instances.map((i) => i.port));
  await phase(nginx.url, actors); // the second instance's warm-up
  const two = summary('two instances', await phase(nginx.url, actors));
  const ratio = two.rps / one.rps;
  console.log(
    JSON.stringify({
      bench: 'city-day',
      entities: ENTITIES,
      connections: CONNECTIONS,
      duration_s: DURATION,
      rps_one: Number(one.rps.toFixed(1)),
      rps_two: Number(two.rps.toFixed(1)),
      p99_ms_one: Number(one.p99.toFixed(1)),
      errors: one.errors + two.errors,
      p99_ms: Number(two.p99.toFixed(1)),
      scale_ratio: Number(ratio.toFixed(2)),
      ratio: Number(ratio.toFixed(2)),
    }),
  );
} finally {
  await nginx?.stop();
  await Promise.all(instances.map((i) => i.stop()));
  await bouncer.stop();
  cluster.destroy();
}
