import { createServer, type Server } from 'node:http';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, sharedSettings, type Instance } from '../../scripts/ops/instances.js';
import { ensureServerBuilt } from '../../scripts/server-build.js';
import { startNginx, type Nginx } from '../../scripts/ops/nginx.js';
import { startPgBouncer, type PgBouncer } from '../../scripts/ops/pgbouncer.js';
import { startOpsCluster, type OpsCluster } from '../../scripts/ops/postgres-cluster.js';
import { sleep, waitFor } from '../../scripts/ops/processes.js';

/**
 * Three instances of the real server (the build `npm start` runs) on one PostgreSQL through PgBouncer in
 * transaction pooling (Debian's 1.18: no prepared statements across transactions, so the
 * instances run with DATABASE_PREPARED_STATEMENTS=false) behind nginx. Work that must happen
 * once happens once; a killed instance's claimed outbox messages are delivered by another.
 */
let cluster: OpsCluster;
let bouncer: PgBouncer;
let nginx: Nginx;
let db: Knex;
let settings: Record<string, string>;
const instances: Instance[] = [];
/** Profiles marked stale before the second and third instances start, and the first instance's rebuild count then. */
let markedStale = 0;
let rebuiltBeforeMark = 0;
const PASSWORD = 'Demo@2026';

const call = async (base: string, path: string, init: { method?: string; body?: unknown; token?: string } = {}) => {
  const res = await fetch(base + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, upstream: res.headers.get('x-upstream'), body: (res.headers.get('content-type') ?? '').includes('json') ? ((await res.json()) as Record<string, unknown>) : await res.text() };
};
const login = async (base: string, username: string) => {
  const res = await call(base, '/api/v1/auth/token', { body: { username, password: PASSWORD } });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { accessToken: string }).accessToken;
};
const scrape = async (instance: Instance) => {
  const res = await fetch(`${instance.url}/metrics`, { headers: { authorization: `Bearer ${settings.METRICS_TOKEN}` } });
  return res.text();
};
const sampleSum = (text: string, prefix: string) =>
  text.split('\n').filter((l) => l.startsWith(prefix)).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);

beforeAll(async () => {
  await ensureServerBuilt();
  cluster = await startOpsCluster('multi');
  cluster.psql('create database app');
  bouncer = await startPgBouncer(cluster.port, 'app');
  db = knexFactory({ client: 'pg', connection: cluster.url('app'), pool: { min: 0, max: 2 } });
  settings = sharedSettings(bouncer.url('app'), {
    DATABASE_PREPARED_STATEMENTS: 'false',
    DATABASE_POOL_MAX: '6',
    BANK_SIMULATOR: 'false',
    DEMO_ENTITY_COUNT: '300',
    DEMO_CREDIT_RECORD_ENTITIES: '50',
    OUTBOX_POLL_MS: '100',
    OUTBOX_LEASE_SECONDS: '3',
    OUTBOX_BACKOFF_BASE_MS: '200',
    EGRESS_ALLOWED_NETWORKS: '127.0.0.0/8',
  });
  // The first instance migrates and seeds; once its own drain is done, every profile is marked
  // stale, so the other two start draining the same profiles at the same time.
  instances.push(await startInstance(settings));
  await waitFor('the first instance drained what it seeded', async () => {
    const [{ n }] = (await db('credit_profiles').whereRaw(`stale or stale_after <= (now() at time zone 'Asia/Shanghai')::date`).count({ n: '*' })) as [{ n: string }];
    return Number(n) === 0 ? true : undefined;
  }, 120_000, 500);
  rebuiltBeforeMark = sampleSum(await scrape(instances[0]!), 'xyd_profiles_rebuilt_total');
  markedStale = await db('credit_profiles').update({ stale: true });
  instances.push(...(await Promise.all([startInstance(settings), startInstance(settings)])));
  nginx = await startNginx(instances.map((i) => i.port));
}, 400_000);

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(instances.map((i) => i.stop()));
  await db?.destroy();
  await bouncer?.stop();
  cluster?.destroy();
}, 60_000);

describe('several instances behind nginx and PgBouncer', () => {
  it('are reached in turn through nginx, and a token issued by one is honoured by all', async () => {
    expect(bouncer.version).toMatch(/^1\./);
    const token = await login(nginx.url, 'admin');
    const upstreams = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const res = await call(nginx.url, '/api/v1/me', { token });
      expect(res.status).toBe(200);
      upstreams.add(String(res.upstream));
    }
    expect(upstreams.size).toBe(3);
    expect((await call(nginx.url, '/metrics')).status).toBe(404);
  });

  it('run the consent gate through transaction pooling (no prepared statement lost between transactions)', async () => {
    const { username: uscc, enterprise_id: enterpriseId } = (await db('users').where({ role: 'enterprise' }).orderBy('created_at').first('username', 'enterprise_id')) as { username: string; enterprise_id: string };
    const sme = await login(nginx.url, uscc);
    const { id: icbc } = (await db('institutions').where({ code: 'ICBC_HS' }).first('id')) as { id: string };
    const grant = await call(nginx.url, '/api/v1/consents', {
      token: sme,
      body: { granteeInstitutionId: icbc, scopes: ['register', 'tax'], purpose: 'pre_credit', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(), fetchType: 'PERIODIC', frequency: { unit: 'DAY', value: 50 } },
    });
    expect(grant.status, JSON.stringify(grant.body)).toBe(201);
    const officer = await login(nginx.url, 'icbc_officer');
    const reads = await Promise.all(Array.from({ length: 30 }, () => call(nginx.url, `/api/v1/institution/enterprises/${uscc}/profile?purpose=pre_credit&scopes=register`, { token: officer })));
    expect(reads.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(new Set(reads.map((r) => r.upstream)).size).toBe(3);
    const [{ n }] = (await db('consent_access_log').where({ enterprise_id: enterpriseId }).count({ n: '*' })) as [{ n: string }];
    expect(Number(n)).toBeGreaterThanOrEqual(30);
  });

  it('start a white-list run and a national feed build once when two instances are asked at the same time', async () => {
    const [a, b] = instances as [Instance, Instance];
    const [officerA, officerB] = [await login(a.url, 'icbc_officer'), await login(b.url, 'icbc_officer')];
    const runs = await Promise.all([call(a.url, '/api/v1/precredit/whitelist/runs', { method: 'POST', token: officerA }), call(b.url, '/api/v1/precredit/whitelist/runs', { method: 'POST', token: officerB })]);
    expect(runs.map((r) => r.status).sort()).toEqual([202, 409]);
    const started = runs.find((r) => r.status === 202)!.body as { id: string };
    const done = await waitFor('the white-list run', async () => {
      const run = (await call(a.url, `/api/v1/precredit/whitelist/runs/${started.id}`, { token: officerA })).body as { status: string };
      return run.status === 'running' ? undefined : run;
    }, 60_000, 250);
    expect(done.status).toBe('done');

    const [adminA, adminB] = [await login(a.url, 'admin'), await login(b.url, 'admin')];
    const month = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 15)).toISOString().slice(0, 7);
    const builds = await Promise.all([adminA, adminB].map((token, i) => call(instances[i]!.url, '/api/v1/national-feed/submissions', { token, body: { target: 'national', month } })));
    expect(builds.map((r) => r.status).sort()).toEqual([202, 409]);
    expect((builds.find((r) => r.status === 409)!.body as { code: string }).code).toBe('FEED_BUILD_RUNNING');
  });

  it('drain stale profiles on two instances at once, each profile rebuilt once, without a failure or a duplicate version', async () => {
    await waitFor('every stale profile rebuilt', async () => {
      const [{ n }] = (await db('credit_profiles').where({ stale: true }).count({ n: '*' })) as [{ n: string }];
      return Number(n) === 0 ? true : undefined;
    }, 120_000, 500);
    for (const instance of instances) expect(instance.logs.filter((l) => l.msg === 'background profile rebuild failed')).toEqual([]);
    const duplicates = await db('credit_profile_versions').groupBy('uscc', 'version').havingRaw('count(*) > 1').select('uscc');
    expect(duplicates).toEqual([]);
    const rebuilt = (await Promise.all(instances.map(scrape))).reduce((sum, text) => sum + sampleSum(text, 'xyd_profiles_rebuilt_total'), 0);
    expect(markedStale).toBeGreaterThan(0);
    expect(rebuilt - rebuiltBeforeMark).toBe(markedStale);
  });

  it('run each scheduled job once per firing, whichever instance wins it', async () => {
    const jobs = ['expire-consents', 'seal-consent-access-log'];
    const since = new Date();
    await waitFor('a minute of scheduled jobs on all instances', async () => {
      const rows = await db('job_runs').whereIn('job_id', jobs).where('bucket', '>=', new Date(Math.ceil(since.getTime() / 60_000) * 60_000)).whereNotNull('finished_at');
      return rows.length >= jobs.length ? true : undefined;
    }, 90_000, 1_000);
    await sleep(500);
    const texts = await Promise.all(instances.map(scrape));
    for (const job of jobs) {
      const [{ n }] = (await db('job_runs').where({ job_id: job }).whereNotNull('finished_at').count({ n: '*' })) as [{ n: string }];
      const ran = texts.reduce((sum, t) => sum + sampleSum(t, `xyd_job_run_duration_seconds_count{job="${job}"`), 0);
      expect(ran, job).toBe(Number(n));
    }
  });

  describe('the outbox relay on every instance', () => {
    let receiver: Server;
    const received = new Map<string, number>();
    let holdMs = 0;
    let icbc: string;

    beforeAll(async () => {
      receiver = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          const id = String(req.headers['webhook-id']);
          setTimeout(() => {
            received.set(id, (received.get(id) ?? 0) + 1);
            res.writeHead(204).end();
          }, holdMs);
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      const port = (receiver.address() as { port: number }).port;
      const icbcAdmin = await login(nginx.url, 'icbc_admin');
      expect((await call(nginx.url, '/api/v1/institution/webhook', { method: 'PUT', token: icbcAdmin, body: { url: `http://127.0.0.1:${port}/events` } })).status).toBe(200);
      icbc = ((await db('institutions').where({ code: 'ICBC_HS' }).first('id')) as { id: string }).id;
    });
    afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

    const enqueue = (prefix: string, count: number) =>
      db('outbox_messages').insert(
        Array.from({ length: count }, (_, i) => ({ channel: 'institution_webhook', target: icbc, topic: 'ops.check', message_key: `${prefix}-${i}`, payload: { type: 'ops.check', data: { n: i } } })),
      );
    const allDelivered = (prefix: string) =>
      waitFor(`${prefix} delivered`, async () => {
        const [{ n }] = (await db('outbox_messages').where('message_key', 'like', `${prefix}-%`).whereNot({ status: 'delivered' }).count({ n: '*' })) as [{ n: string }];
        return Number(n) === 0 ? true : undefined;
      }, 90_000, 200);

    it('delivers each message once, the instances sharing the work', async () => {
      await enqueue('once', 300);
      await allDelivered('once');
      const keys = [...received.keys()].filter((k) => k.startsWith('once-'));
      expect(keys.length).toBe(300);
      expect([...received.entries()].filter(([k, n]) => k.startsWith('once-') && n !== 1)).toEqual([]);
      const byInstance = await db('outbox_attempts as a').join('outbox_messages as m', 'm.id', 'a.message_id').where('m.message_key', 'like', 'once-%').groupBy('a.instance_id').select('a.instance_id');
      expect(byInstance.length).toBeGreaterThanOrEqual(2);
    });

    it('has another instance deliver what a killed instance had claimed, once its lease ends', async () => {
      holdMs = 2_000;
      await enqueue('killed', 40);
      const open = await waitFor('claims in flight', async () => {
        const rows = (await db('outbox_attempts as a').join('outbox_messages as m', 'm.id', 'a.message_id').where('m.message_key', 'like', 'killed-%').whereNull('a.finished_at').select('a.instance_id', 'a.message_id')) as { instance_id: string; message_id: string }[];
        return rows.length > 0 ? rows : undefined;
      }, 30_000, 20);
      const victimId = open[0]!.instance_id;
      const victim = instances.find((i) => victimId.includes(`:${i.pid}:`));
      expect(victim, victimId).toBeDefined();
      victim!.kill();
      holdMs = 0;
      await allDelivered('killed');
      // (On a loaded machine the victim may have taken a message again after its own lease ran out.)
      const orphaned = [...new Set(open.filter((o) => o.instance_id === victimId).map((o) => o.message_id))];
      const finishers = (await db('outbox_attempts').whereIn('message_id', orphaned).where({ outcome: 'delivered' }).select('message_id', 'instance_id')) as { message_id: string; instance_id: string }[];
      expect(new Set(finishers.map((f) => f.message_id)).size).toBe(orphaned.length);
      expect(finishers.every((f) => f.instance_id !== victimId)).toBe(true);
      // At least once: a message the killed instance had already handed over may arrive twice.
      for (let i = 0; i < 40; i++) expect(received.get(`killed-${i}`) ?? 0).toBeGreaterThanOrEqual(1);
      // nginx stops sending to the dead instance; requests keep succeeding.
      const token = await login(nginx.url, 'admin');
      for (let i = 0; i < 6; i++) expect((await call(nginx.url, '/api/v1/me', { token })).status).toBe(200);
    });
  });
});
