import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_CHANNEL } from '../src/institutions/institution-webhook-service.js';
import { outboxStore } from '../src/platform/outbox/outbox-store.js';
import { verifyWebhook } from '../src/platform/webhooks/standard-webhooks.js';
import { Sm4FieldCipher } from '../src/platform/national-crypto.js';
import { startTestPlatform, TEST_SM4_KEY, type TestPlatform } from './helpers/test-platform.js';

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
    expect(await before.json()).toEqual({ url: null, previousSecretValidUntil: null });

    const set = await platform.api('/api/v1/institution/webhook', { method: 'PUT', token: officer, body: { url: 'https://hbb.example.com/events' } });
    expect(set.status).toBe(200);
    const after = await platform.api('/api/v1/institution/webhook', { token: officer });
    expect(await after.json()).toEqual({ url: 'https://hbb.example.com/events', previousSecretValidUntil: null });

    // Another institution's admin sees its own (unset) endpoint.
    const other = await platform.api('/api/v1/institution/webhook', { token: await platform.login('ccb_admin') });
    expect(await other.json()).toEqual({ url: null, previousSecretValidUntil: null });
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

describe('rotating the webhook secret', () => {
  /**
   * Before: saving the address again replaced the secret at once, so every event between the
   * answer and the institution's deploy of the new secret failed its signature check. Now the
   * replaced secret signs beside the new one for `keepPreviousSecretHours` (default 24; 0 ends it).
   */
  it('signs with the new and the replaced secret until the grace ends, and with the new alone after keepPreviousSecretHours 0', async () => {
    const { knex } = platform.database;
    const hsfg = (await knex('institutions').where({ code: 'HSFG' }).first('id')) as { id: string };
    const received: { headers: Record<string, string>; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers as Record<string, string>, body });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const admin = await platform.login('hsfg_admin');
    const put = async (body: Record<string, unknown>) => {
      const res = await platform.api('/api/v1/institution/webhook', { method: 'PUT', token: admin, body });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as { secret: string; previousSecretValidUntil: string | null };
    };
    const deliver = async (key: string) => {
      await outboxStore.enqueue(knex, { channel: WEBHOOK_CHANNEL, target: hsfg.id, topic: 'consent.revoked', messageKey: key, payload: { type: 'consent.revoked', data: { consentId: key } } });
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
        const got = received.find((r) => r.headers['webhook-id'] === key);
        if (got) return got;
      }
      throw new Error(`${key} never arrived`);
    };
    const verifies = (secret: string, got: { headers: Record<string, string>; body: string }) => verifyWebhook([secret], got.headers, got.body, new Date()).ok;
    try {
      const { port } = receiver.address() as { port: number };
      const url = `http://127.0.0.1:${port}/events`;
      const first = await put({ url });
      expect(first.previousSecretValidUntil).toBeNull();
      const second = await put({ url });
      const until = Date.parse(second.previousSecretValidUntil!);
      expect(until - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
      expect(until - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
      expect(await (await platform.api('/api/v1/institution/webhook', { token: admin })).json()).toEqual({ url, previousSecretValidUntil: second.previousSecretValidUntil });

      const during = await deliver('rotation:during');
      expect(during.headers['webhook-signature']!.split(' ')).toHaveLength(2);
      expect(verifies(first.secret, during)).toBe(true);
      expect(verifies(second.secret, during)).toBe(true);

      const third = await put({ url, keepPreviousSecretHours: 0 });
      expect(third.previousSecretValidUntil).toBeNull();
      const after = await deliver('rotation:after');
      expect(verifies(third.secret, after)).toBe(true);
      expect(verifies(second.secret, after)).toBe(false);
      expect(verifies(first.secret, after)).toBe(false);

      for (const bad of [-1, 169, 1.5, '24']) {
        const res = await platform.api('/api/v1/institution/webhook', { method: 'PUT', token: admin, body: { url, keepPreviousSecretHours: bad } });
        expect(res.status).toBe(400);
        expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['keepPreviousSecretHours']);
      }
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });

  it('two saves at once: each secret an answer showed signs the events that follow', async () => {
    // Before, both saves read the same replaced secret and the second wrote it beside its own: the
    // first answer's secret, deployed by the institution, never signed anything.
    const { knex } = platform.database;
    const hbb = (await knex('institutions').where({ code: 'HBB_HS' }).first('id')) as { id: string };
    const admin = await platform.login('hbb_admin');
    const url = 'http://127.0.0.1:9/events';
    expect((await platform.api('/api/v1/institution/webhook', { method: 'PUT', token: admin, body: { url } })).status).toBe(200);
    const cipher = new Sm4FieldCipher(Buffer.from(TEST_SM4_KEY, 'hex'));
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([1, 2].map(() => platform.api('/api/v1/institution/webhook', { method: 'PUT', token: admin, body: { url } })));
      const shown = await Promise.all(answers.map(async (res) => ((await res.json()) as { secret: string }).secret));
      const row = await knex('institutions').where({ id: hbb.id }).first('webhook_secret_enc', 'webhook_previous_secret_enc');
      const signing = [row.webhook_secret_enc, row.webhook_previous_secret_enc].map((enc: string) => cipher.decrypt(enc));
      expect(signing.sort(), `round ${round}`).toEqual(shown.sort());
    }
  });
});
