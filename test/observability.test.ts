import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentTo } from './helpers/access-fixtures.js';
import { institutionId, registerEnterprises } from './helpers/consent-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const METRICS_TOKEN = 'metrics-scraper-token-0123456789abcdef';
let platform: TestPlatform;
const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  platform = await startTestPlatform({ LOG_LEVEL: 'info', METRICS_TOKEN, OUTBOX_POLL_MS: '50', SCHEDULER_ENABLED: 'false' }, { logDestination: capture });
});
afterAll(() => platform?.close());

const scrape = async () => {
  const res = await platform.api('/metrics', { token: METRICS_TOKEN });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
};
/** The value of one series, by its name and exact label set as rendered. */
const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('liveness and readiness', () => {
  it('answer 200 once the platform is up, with no login', async () => {
    const live = await platform.api('/health/live');
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await platform.api('/health/ready');
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
  });

  it('readiness and /healthz are 503 DATABASE_UNAVAILABLE while the database does not answer, liveness stays 200', async () => {
    const original = platform.database.ping;
    (platform.database as { ping: () => Promise<void> }).ping = () => Promise.reject(new Error('connection refused'));
    try {
      for (const probe of ['/health/ready', '/healthz']) {
        const res = await platform.api(probe);
        expect([probe, res.status]).toEqual([probe, 503]);
        expect(((await res.json()) as { code: string }).code).toBe('DATABASE_UNAVAILABLE');
      }
      expect((await platform.api('/health/live')).status).toBe(200);
    } finally {
      (platform.database as { ping: () => Promise<void> }).ping = original;
    }
  });
});

describe('GET /metrics', () => {
  it('refuses a caller without the scraper token, a wrong token and a person’s access token', async () => {
    const admin = await platform.login('admin');
    for (const token of [undefined, 'metrics-scraper-token-0123456789abcdeX', admin]) {
      const res = await platform.api('/metrics', { token });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await res.json()) as { code: string }).code).toBe('METRICS_TOKEN_REQUIRED');
    }
  });

  it('counts requests by route template, and shows pool, outbox, ingestion and profile-drain state from the database', async () => {
    const token = await platform.login('jrj_viewer');
    const series = 'xyd_http_request_duration_seconds_count{method="GET",route="/api/v1/market-entities/:uscc",status="200"}';
    const before = sample(await scrape(), series) ?? 0;
    const { uscc } = (await platform.database.knex('market_entities').orderBy('uscc').first('uscc')) as { uscc: string };
    for (let i = 0; i < 3; i++) expect((await platform.api(`/api/v1/market-entities/${uscc}`, { token })).status).toBe(200);
    const text = await scrape();
    expect(sample(text, series)).toBe(before + 3);
    // The raw path (with the USCC) never becomes a label.
    expect(text).not.toContain(uscc);
    expect(sample(text, 'xyd_db_pool_connections_max')).toBe(platform.database.poolStats().max);

    const { knex } = platform.database;
    const probe = { channel: 'ops_probe', target: 'nobody', topic: 'probe', payload: {} };
    await knex('outbox_messages').insert([
      { ...probe, message_key: 'ops-probe-1', created_at: new Date(Date.now() - 120_000), next_attempt_at: new Date(Date.now() + 3_600_000) },
      { ...probe, message_key: 'ops-probe-2', status: 'dead' },
    ]);
    const outbox = await scrape();
    expect(sample(outbox, 'xyd_outbox_pending_messages{channel="ops_probe"}')).toBe(1);
    expect(sample(outbox, 'xyd_outbox_dead_messages{channel="ops_probe"}')).toBe(1);
    expect(sample(outbox, 'xyd_outbox_oldest_pending_age_seconds{channel="ops_probe"}')).toBeGreaterThanOrEqual(119);
    await knex('outbox_messages').where({ channel: 'ops_probe' }).delete();

    const totals = (await knex('ingestion_batches').groupBy('category').select('category').sum({ accepted: 'rows_accepted' })) as { category: string; accepted: string | number }[];
    expect(totals.length).toBeGreaterThan(0);
    for (const t of totals) expect(sample(text, `xyd_ingestion_rows{category="${t.category}",outcome="accepted"}`)).toBe(Number(t.accepted));

    const head = (await knex('credit_profiles').where({ stale: false }).orderBy('uscc').first('uscc', 'updated_at')) as { uscc: string; updated_at: Date };
    await knex('credit_profiles').where({ uscc: head.uscc }).update({ stale: true, updated_at: new Date(Date.now() - 300_000) });
    const backlog = await scrape();
    expect(sample(backlog, 'xyd_profiles_stale')).toBeGreaterThanOrEqual(1);
    expect(sample(backlog, 'xyd_profile_oldest_stale_age_seconds')).toBeGreaterThanOrEqual(299);
    await knex('credit_profiles').where({ uscc: head.uscc }).update({ stale: false, updated_at: head.updated_at });
  });
});

describe('request ids', () => {
  it('follow a request from X-Request-Id into its outbox row and into the log lines of the delivery', async () => {
    const requestId = 'ops-trace-0001-abcdef';
    const [enterprise] = await registerEnterprises(platform, 1);
    const bank = await institutionId(platform, 'ABC_HS');
    const res = await platform.api('/api/v1/consents', {
      token: enterprise!.token,
      headers: { 'x-request-id': requestId },
      body: { granteeInstitutionId: bank, scopes: ['register'], purpose: 'loan_application', validUntil: new Date(Date.now() + 86_400_000).toISOString(), fetchType: 'ONETIME' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    const { knex } = platform.database;
    const row = (await knex('outbox_messages').where({ request_id: requestId }).first('id', 'topic')) as { id: string; topic: string } | undefined;
    expect(row?.topic).toBe('consent.granted');
    // ABC_HS has no webhook endpoint: the delivery fails, and its log line names the request.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !logged().some((l) => l.messageId === row!.id)) await new Promise((r) => setTimeout(r, 50));
    const delivery = logged().find((l) => l.messageId === row!.id);
    expect(delivery?.requestId).toBe(requestId);
    expect(logged().some((l) => l.msg === 'request' && l.requestId === requestId && l.status === 201)).toBe(true);
    // A second grant without an id gets a fresh one, echoed.
    const other = await consentTo(platform, enterprise!.token, await institutionId(platform, 'HBB_HS'));
    expect(other).toMatch(/^[0-9a-f-]{36}$/);
  });
});
