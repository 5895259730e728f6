import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_CHANNEL, WEBHOOK_TEST_LIMIT } from '../src/institutions/institution-webhook-service.js';
import { verifyWebhook } from '../src/platform/webhooks/standard-webhooks.js';
import { machineClient } from './helpers/access-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * Before, a bank wiring up its event address had no way to see one signed event arrive before
 * real traffic (a grant, a revocation) did. Now 发送测试事件 sends one through the same delivery
 * and signature as every event, recorded as any delivery, and answers how it went.
 */
interface Received {
  headers: Record<string, string>;
  body: string;
}

const METRICS_TOKEN = 'metrics-scraper-token-0123456789abcdef';
let platform: TestPlatform;
let receiver: Server;
let url: string;
const received: Received[] = [];
/** The status the receiver answers next. */
let answer = 204;

beforeAll(async () => {
  platform = await startTestPlatform({ METRICS_TOKEN });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/events`;
});
afterAll(async () => {
  await new Promise<void>((r) => receiver?.close(() => r()));
  await platform?.close();
});

type Test = { eventId: string; url: string; status: string; requestedAt: string; deliveredAt: string | null; error: string | null };

async function settled(token: string, eventId: string): Promise<Test> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const res = await platform.api(`/api/v1/institution/webhook/test/${encodeURIComponent(eventId)}`, { token });
    expect(res.status).toBe(200);
    const test = (await res.json()) as Test;
    if (test.status !== 'pending') return test;
  }
  throw new Error(`${eventId} stayed pending`);
}

describe('POST /api/v1/institution/webhook/test', () => {
  it('sends one event signed exactly as real events are, and answers that it was delivered', async () => {
    const admin = await platform.login('icbc_admin');
    const set = await platform.api('/api/v1/institution/webhook', { method: 'PUT', token: admin, body: { url } });
    const { secret } = (await set.json()) as { secret: string };

    const sent = await platform.api('/api/v1/institution/webhook/test', { method: 'POST', token: admin });
    expect(sent.status).toBe(202);
    const queued = (await sent.json()) as Test;
    expect(queued).toMatchObject({ url, status: 'pending', deliveredAt: null, error: null });
    expect(queued.eventId).toMatch(/^webhook\.test:[0-9a-f-]{36}$/);

    const done = await settled(admin, queued.eventId);
    expect(done).toMatchObject({ eventId: queued.eventId, status: 'delivered', error: null });
    const got = received.find((r) => r.headers['webhook-id'] === queued.eventId)!;
    expect(verifyWebhook([secret], got.headers, got.body, new Date()).ok).toBe(true);
    expect(got.headers['content-type']).toBe('application/json');
    const body = JSON.parse(got.body) as { type: string; timestamp: string; data: { testId: string; requestedBy: string } };
    expect(body).toEqual({ type: 'webhook.test', timestamp: queued.requestedAt, data: { testId: queued.eventId.slice('webhook.test:'.length), requestedBy: 'institution_admin' } });

    // Recorded as any delivery: the outbox message with its attempt.
    const { knex } = platform.database;
    const message = await knex('outbox_messages').where({ message_key: queued.eventId }).first();
    expect(message).toMatchObject({ channel: WEBHOOK_CHANNEL, topic: 'webhook.test', status: 'delivered', attempts: 1 });
    expect(await knex('outbox_attempts').where({ message_id: message.id }).pluck('outcome')).toEqual(['delivered']);
  });

  it('a receiver that refuses it: failed after one try with its answer, and not sent again when the address is saved', async () => {
    const admin = await platform.login('icbc_admin');
    answer = 401;
    try {
      const sent = (await (await platform.api('/api/v1/institution/webhook/test', { method: 'POST', token: admin })).json()) as Test;
      const done = await settled(admin, sent.eventId);
      expect(done).toMatchObject({ status: 'failed', deliveredAt: null, error: 'receiver answered HTTP 401' });
      expect(received.filter((r) => r.headers['webhook-id'] === sent.eventId)).toHaveLength(1);
    } finally {
      answer = 204;
    }
    const saved = await platform.api('/api/v1/institution/webhook', { method: 'PUT', token: admin, body: { url } });
    expect(((await saved.json()) as { replayedEvents: number }).replayedEvents).toBe(0);
  });

  it('a failed test is no dead letter for the operator: not in the dead-message gauge, purged with the delivered history', async () => {
    const admin = await platform.login('icbc_admin');
    const { knex } = platform.database;
    answer = 500;
    let eventId: string;
    try {
      eventId = ((await (await platform.api('/api/v1/institution/webhook/test', { method: 'POST', token: admin })).json()) as Test).eventId;
      expect(await settled(admin, eventId)).toMatchObject({ status: 'failed' });
    } finally {
      answer = 204;
    }
    const metrics = await (await platform.api('/metrics', { token: METRICS_TOKEN })).text();
    const gauge = metrics.split('\n').find((l) => l.startsWith(`xyd_outbox_dead_messages{channel="${WEBHOOK_CHANNEL}"} `));
    const deadEvents = await knex('outbox_messages').where({ channel: WEBHOOK_CHANNEL, status: 'dead' }).whereNot({ topic: 'webhook.test' }).count({ n: '*' });
    expect(Number(gauge?.split(' ')[1] ?? 0)).toBe(Number(deadEvents[0]!.n));
    // Nor on the operator's 消息投递 page (it was listed there beside real dead letters, with 重新投递),
    // whatever the filter; and a replay of it is refused, as for a message that is not dead.
    const operator = await platform.login('admin');
    for (const status of ['dead', 'delivered', undefined]) {
      const listed = (await (await platform.api(`/api/v1/admin/outbox${status ? `?status=${status}` : ''}`, { token: operator })).json()) as { items: { topic: string }[] };
      expect(listed.items.filter((m) => m.topic === 'webhook.test'), String(status)).toEqual([]);
    }
    const failedId = (await knex('outbox_messages').where({ message_key: eventId }).first('id')).id as string;
    const replay = await platform.api(`/api/v1/admin/outbox/${failedId}/replay`, { method: 'POST', token: operator });
    expect(replay.status).toBe(404);
    expect(await knex('outbox_messages').where({ message_key: eventId }).first('status')).toEqual({ status: 'dead' });

    // Kept as long as delivered messages are (RETENTION_DELIVERED_OUTBOX_MONTHS), then purged; a real dead event stays.
    const longAgo = new Date(Date.now() - 3 * 365 * 86_400_000);
    await knex('outbox_messages').insert({ channel: WEBHOOK_CHANNEL, target: 'nobody', topic: 'consent.revoked', message_key: 'consent.revoked:kept-dead', payload: {}, status: 'dead', created_at: longAgo });
    await knex('outbox_messages').where({ message_key: eventId }).update({ created_at: longAgo });
    await platform.services.outbox.purgeDelivered();
    expect(await knex('outbox_messages').where({ message_key: eventId }).first()).toBeUndefined();
    expect(await knex('outbox_messages').where({ message_key: 'consent.revoked:kept-dead' }).first('status')).toEqual({ status: 'dead' });
    await knex('outbox_messages').where({ message_key: 'consent.revoked:kept-dead' }).delete();
  });

  it('409 before an address is set; another institution\'s or an unknown event is 404', async () => {
    const guarantee = await platform.login('hsfg_admin');
    const res = await platform.api('/api/v1/institution/webhook/test', { method: 'POST', token: guarantee });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'WEBHOOK_URL_NOT_SET' });

    const bank = await platform.login('icbc_admin');
    const mine = (await (await platform.api('/api/v1/institution/webhook/test', { method: 'POST', token: bank })).json()) as Test;
    for (const [token, eventId] of [[guarantee, mine.eventId], [bank, 'webhook.test:00000000-0000-0000-0000-000000000000'], [bank, 'consent.revoked:x']] as const) {
      const read = await platform.api(`/api/v1/institution/webhook/test/${encodeURIComponent(eventId)}`, { token });
      expect(read.status, eventId).toBe(404);
      expect(await read.json()).toMatchObject({ code: 'WEBHOOK_TEST_NOT_FOUND' });
    }
  });

  it('the 机构管理员 or a client holding webhooks:test; an officer, or a client without the scope, is refused', async () => {
    const admin = await platform.login('ccb_admin');
    await platform.api('/api/v1/institution/webhook', { method: 'PUT', token: admin, body: { url } });
    const officer = await platform.api('/api/v1/institution/webhook/test', { method: 'POST', token: await platform.login('ccb_officer') });
    expect(officer.status).toBe(403);
    expect(await officer.json()).toMatchObject({ code: 'INSTITUTION_ADMIN_REQUIRED' });

    const other = await machineClient(platform, admin, ['consents:read']);
    const refused = await platform.api('/api/v1/institution/webhook/test', { method: 'POST', token: other.token });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'CLIENT_SCOPE_MISSING', requiredScopes: ['webhooks:test'] });

    const client = await machineClient(platform, admin, ['webhooks:test']);
    const sent = await platform.api('/api/v1/institution/webhook/test', { method: 'POST', token: client.token });
    expect(sent.status).toBe(202);
    const test = (await sent.json()) as Test;
    expect(await settled(client.token, test.eventId)).toMatchObject({ status: 'delivered' });
    const got = received.find((r) => r.headers['webhook-id'] === test.eventId)!;
    expect((JSON.parse(got.body) as { data: { requestedBy: string } }).data.requestedBy).toBe('client');
  });

  it(`at most ${WEBHOOK_TEST_LIMIT.max} per institution in ${WEBHOOK_TEST_LIMIT.windowSeconds / 60} minutes, then 429 with Retry-After`, async () => {
    const admin = await platform.login('hbb_admin');
    await platform.api('/api/v1/institution/webhook', { method: 'PUT', token: admin, body: { url } });
    for (let i = 0; i < WEBHOOK_TEST_LIMIT.max; i++) {
      expect((await platform.api('/api/v1/institution/webhook/test', { method: 'POST', token: admin })).status).toBe(202);
    }
    const limited = await platform.api('/api/v1/institution/webhook/test', { method: 'POST', token: admin });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: 'WEBHOOK_TESTS_RATE_LIMITED' });
    // Counted per institution: another one still may.
    const other = await platform.login('abc_admin');
    await platform.api('/api/v1/institution/webhook', { method: 'PUT', token: other, body: { url } });
    expect((await platform.api('/api/v1/institution/webhook/test', { method: 'POST', token: other })).status).toBe(202);
  });
});
