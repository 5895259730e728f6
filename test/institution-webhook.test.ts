import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_CHANNEL } from '../src/institutions/institution-webhook-service.js';
import { outboxStore } from '../src/platform/outbox/outbox-store.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.close());

describe('GET /api/v1/institution/webhook', () => {
  it('shows the 机构管理员 the URL set for the institution (null before), never the secret', async () => {
    const officer = await platform.login('hbb_admin');
    const before = await platform.api('/api/v1/institution/webhook', { token: officer });
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({ url: null });

    const set = await platform.api('/api/v1/institution/webhook', { method: 'PUT', token: officer, body: { url: 'https://hbb.example.com/events' } });
    expect(set.status).toBe(200);
    const after = await platform.api('/api/v1/institution/webhook', { token: officer });
    expect(await after.json()).toEqual({ url: 'https://hbb.example.com/events' });

    // Another institution's admin sees its own (unset) endpoint.
    const other = await platform.api('/api/v1/institution/webhook', { token: await platform.login('ccb_admin') });
    expect(await other.json()).toEqual({ url: null });
  });

  it('refuses an officer who is not the institution\'s 机构管理员: the webhook receives the whole institution\'s events', async () => {
    const officer = await platform.login('hbb_officer');
    for (const res of [
      await platform.api('/api/v1/institution/webhook', { token: officer }),
      await platform.api('/api/v1/institution/webhook', { method: 'PUT', token: officer, body: { url: 'https://attacker.example.com/events' } }),
    ]) {
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'INSTITUTION_ADMIN_REQUIRED' });
    }
    expect(await platform.database.knex('institutions').where({ code: 'HBB_HS' }).first('webhook_url')).toEqual({ webhook_url: 'https://hbb.example.com/events' });
  });

  it('refuses users who are not bank or guarantee officers', async () => {
    const res = await platform.api('/api/v1/institution/webhook', { token: await platform.login('jrj_viewer') });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe('ROLE_FORBIDDEN');
  });
});

describe('PUT /api/v1/institution/webhook', () => {
  it('sends the institution the events that found no endpoint before it set one', async () => {
    const { knex } = platform.database;
    const ccb = (await knex('institutions').where({ code: 'CCB_HS' }).first('id')) as { id: string };
    await outboxStore.enqueue(knex, {
      channel: WEBHOOK_CHANNEL,
      target: ccb.id,
      topic: 'consent.revoked',
      messageKey: 'consent.revoked:test-before-endpoint',
      payload: { type: 'consent.revoked', data: { consentId: 'test-before-endpoint' } },
    });
    const message = () => knex('outbox_messages').where({ message_key: 'consent.revoked:test-before-endpoint' }).first();
    const until = async (status: string) => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
        if ((await message()).status === status) return;
      }
      throw new Error(`message never became ${status}: ${JSON.stringify(await message())}`);
    };
    await until('dead');
    expect((await message()).last_error).toMatch(/尚未设置事件推送地址/);

    const received: string[] = [];
    const receiver = createServer((req, res) => {
      req.on('data', () => undefined);
      req.on('end', () => {
        received.push(String(req.headers['webhook-id']));
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = receiver.address() as { port: number };
      const set = await platform.api('/api/v1/institution/webhook', {
        method: 'PUT',
        token: await platform.login('ccb_admin'),
        body: { url: `http://127.0.0.1:${port}/events` },
      });
      expect(set.status).toBe(200);
      expect(((await set.json()) as { replayedEvents: number }).replayedEvents).toBe(1);
      await until('delivered');
      expect(received).toEqual(['consent.revoked:test-before-endpoint']);
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });
});
