import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_CHANNEL } from '../src/institutions/institution-webhook-service.js';
import { outboxStore } from '../src/platform/outbox/outbox-store.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * Issue 11, defect 8 (blind SSRF): with no allow-list, a webhook URL pointing at this machine,
 * a private network or the cloud metadata service is refused when saved (422 naming `url`) and
 * again at delivery, where nothing may reach the address.
 */
let platform: TestPlatform;
let receiver: Server;
let port: number;
const received: string[] = [];

beforeAll(async () => {
  // No simulator: its demo banks listen on loopback, which this platform may not reach.
  platform = await startTestPlatform({ EGRESS_ALLOWED_NETWORKS: '', BANK_SIMULATOR: 'false' });
  receiver = createServer((req, res) => {
    received.push(String(req.headers['webhook-id']));
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => receiver.close(() => r()));
  await platform?.close();
});

describe('PUT /api/v1/institution/webhook without an allow-list', () => {
  it.each([
    'http://127.0.0.1:{port}/events',
    'http://localhost:5432/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:{port}/',
    'http://[::ffff:127.0.0.1]:{port}/',
    'http://0.0.0.0:{port}/',
    'http://10.0.0.8/hook',
    'http://192.168.1.20/hook',
    'http://100.64.0.1/hook',
    'http://[fd00::1]/hook',
    'http://vm:{port}/hook',
  ])('refuses %s with 422 naming the field', async (template) => {
    const res = await platform.api('/api/v1/institution/webhook', {
      method: 'PUT',
      token: await platform.login('icbc_admin'),
      body: { url: template.replace('{port}', String(port)) },
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'WEBHOOK_URL_FORBIDDEN', errors: [{ field: 'url', code: 'WEBHOOK_URL_FORBIDDEN' }] });
  });
});

describe('delivery re-checks the address', () => {
  it('never POSTs to a loopback URL stored before the rule (or re-pointed since), and says why', async () => {
    const { knex } = platform.database;
    const icbc = (await knex('institutions').where({ code: 'ICBC_HS' }).first('id')) as { id: string };
    const officer = await platform.login('icbc_admin');
    expect((await platform.api('/api/v1/institution/webhook', { method: 'PUT', token: officer, body: { url: 'https://icbc.example.com/events' } })).status).toBe(200);
    await knex('institutions').where({ id: icbc.id }).update({ webhook_url: `http://127.0.0.1:${port}/events` });
    await outboxStore.enqueue(knex, {
      channel: WEBHOOK_CHANNEL,
      target: icbc.id,
      topic: 'consent.revoked',
      messageKey: 'consent.revoked:ssrf-probe',
      payload: { type: 'consent.revoked', data: { consentId: 'ssrf-probe' } },
    });
    const message = () => knex('outbox_messages').where({ message_key: 'consent.revoked:ssrf-probe' }).first();
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && (await message()).status !== 'dead'; ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await message()).toMatchObject({ status: 'dead' });
    expect((await message()).last_error).toMatch(/egress refused/);
    expect(received).toEqual([]);
  });
});
