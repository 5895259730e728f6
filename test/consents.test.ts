import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLogAnchorStore } from '../src/consents/access-log-anchor-store.js';
import { AccessLogLedger } from '../src/consents/access-log-ledger.js';
import { accessLogStore } from '../src/consents/access-log-store.js';
import { ConsentService } from '../src/consents/consent-service.js';
import { consentStore } from '../src/consents/consent-store.js';
import { refusedReadStore } from '../src/consents/refused-read-store.js';
import { transactionRunner } from '../src/db/transaction.js';
import { enterpriseStore } from '../src/enterprises/enterprise-store.js';
import { institutionStore } from '../src/institutions/institution-store.js';
import { WEBHOOK_MAX_ATTEMPTS } from '../src/institutions/institution-webhook-service.js';
import { FakeClock, systemClock } from '../src/platform/clock.js';
import { outboxStore } from '../src/platform/outbox/outbox-store.js';
import { sm2Verify } from '../src/platform/sm2.js';
import { verifyWebhook } from '../src/platform/webhooks/standard-webhooks.js';
import {
  ccb,
  ccbAdmin,
  clientToken,
  createClient,
  DAY,
  enterprises,
  expectAllowed,
  expectDenied,
  grant,
  HOUR,
  hsfgId,
  icbc,
  icbcAdmin,
  icbcId,
  inDays,
  officeId,
  platform,
  profile,
  startConsentPlatform,
  takeEnterprise,
  tokenRequest,
} from './helpers/consent-platform.js';

startConsentPlatform(6);

describe('granting', () => {
  it.each([
    ['a non-lending institution', () => ({ granteeInstitutionId: officeId }), 422, 'GRANTEE_NOT_ELIGIBLE', 'granteeInstitutionId'],
    ['more than a year', () => ({ validUntil: inDays(400) }), 422, 'VALIDITY_TOO_LONG', 'validUntil'],
    ['an end in the past', () => ({ validUntil: new Date(Date.now() - HOUR).toISOString() }), 422, 'VALIDITY_INVALID', 'validUntil'],
    ['a cap over the limit', () => ({ frequency: { unit: 'HOUR', value: 50 } }), 422, 'FREQUENCY_TOO_HIGH', 'frequency.value'],
    ['PERIODIC without a cap', () => ({ frequency: null }), 422, 'FREQUENCY_REQUIRED', 'frequency'],
    ['monitoring without a loan', () => ({ purpose: 'post_loan_monitoring' }), 422, 'MONITORING_NEEDS_APPLICATION', 'applicationId'],
    ['an unknown scope', () => ({ scopes: ['register', 'gossip'] }), 400, 'INVALID_VALUE', 'scopes.1'],
  ])('refuses %s, naming the field', async (_label, body, status, code, field) => {
    const e = enterprises[0]!;
    const res = await platform.api('/api/v1/consents', {
      token: e.token,
      body: { granteeInstitutionId: icbcId, scopes: ['register'], purpose: 'loan_application', validUntil: inDays(30), fetchType: 'PERIODIC', frequency: { unit: 'DAY', value: 1 }, ...body() },
    });
    expect(res.status).toBe(status);
    const problem = (await res.json()) as { code: string; errors: { field: string; code: string }[] };
    expect(problem.errors.map((x) => x.field)).toContain(field);
    expect([problem.code, ...problem.errors.map((x) => x.code)]).toContain(code);
  });

  it('only an enterprise grants; a guarantee company can be the grantee', async () => {
    const denied = await platform.api('/api/v1/consents', { token: icbc, body: {} });
    expect(denied.status).toBe(403);
    const e = enterprises[0]!;
    const g = await grant(e, { granteeInstitutionId: hsfgId });
    expect(g).toMatchObject({ grantee: { id: hsfgId, type: 'guarantee_company' }, status: 'ACTIVE' });
  });

  it('keeps grant terms immutable in the database', async () => {
    const e = enterprises[0]!;
    const g = await grant(e);
    await expect(platform.database.knex('consent_grants').where({ id: g.id }).update({ scopes: ['register', 'tax'] })).rejects.toThrow(/immutable/);
    await expect(platform.database.knex('consent_grants').where({ id: g.id }).delete()).rejects.toThrow(/audit/);
  });

  it('signs the artefact: verifiable with the published platform key', async () => {
    const e = enterprises[0]!;
    const g = await grant(e, { scopes: ['tax', 'register'] });
    const keys = (await (await platform.api('/api/v1/platform/keys')).json()) as { keys: { kid: string; publicKey: string }[] };
    const asBank = (await (await platform.api(`/api/v1/consents/${g.id}`, { token: icbc })).json()) as {
      artefact: { canonical: string; signature: string; keyId: string; algorithm: string };
    };
    const key = keys.keys.find((k) => k.kid === asBank.artefact.keyId);
    expect(key).toBeDefined();
    expect(asBank.artefact.algorithm).toBe('SM2-SM3');
    expect(sm2Verify(asBank.artefact.canonical, asBank.artefact.signature, key!.publicKey)).toBe(true);
    expect(sm2Verify(asBank.artefact.canonical.replace('"register",', ''), asBank.artefact.signature, key!.publicKey)).toBe(false);
    expect(JSON.parse(asBank.artefact.canonical)).toMatchObject({
      consentId: g.id,
      grantor: { uscc: e.uscc },
      grantee: { institutionId: icbcId, code: 'ICBC_HS' },
      scopes: ['register', 'tax'],
      purpose: 'loan_application',
    });
    expect((await platform.api(`/api/v1/consents/${g.id}`, { token: ccb })).status).toBe(404);
  });

  it('lists grants for the enterprise and for the grantee institution, with status', async () => {
    const e = enterprises[1]!;
    // A revoked grant of its own, so the lists below do not depend on what other tests granted.
    const revoked = await grant(e);
    expect((await platform.api(`/api/v1/consents/${revoked.id}/revoke`, { token: e.token, body: {} })).status).toBe(200);
    const mine = (await (await platform.api('/api/v1/consents', { token: e.token })).json()) as { items: { enterprise: { uscc: string } }[] };
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((c) => c.enterprise.uscc === e.uscc)).toBe(true);
    const toIcbc = (await (await platform.api('/api/v1/institution/consents?status=REVOKED', { token: icbc })).json()) as {
      items: { grantee: { id: string }; status: string }[];
    };
    expect(toIcbc.items.length).toBeGreaterThan(0);
    expect(toIcbc.items.every((c) => c.grantee.id === icbcId && c.status === 'REVOKED')).toBe(true);
  });
});

describe('查询记录 (the access log)', () => {
  it('shows the enterprise which institution read what and when, at once, with filters', async () => {
    const e = takeEnterprise();
    const g = await grant(e, { scopes: ['register', 'tax'] });
    const read = await profile(e, icbc, 'purpose=loan_application&scopes=register');
    expect(read.status).toBe(200);
    const res = await platform.api(`/api/v1/consents/access-log?institutionId=${icbcId}&scope=register`, { token: e.token });
    const { items } = (await res.json()) as { items: Record<string, unknown>[] };
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      grantId: g.id,
      institution: { id: icbcId, name: '中国工商银行黄石分行' },
      user: { displayName: expect.stringContaining('工商银行') },
      scopes: ['register'],
      purpose: 'loan_application',
      requestId: read.headers.get('x-request-id'),
    });
    const none = await platform.api('/api/v1/consents/access-log?scope=tax', { token: e.token });
    expect(((await none.json()) as { items: unknown[] }).items).toHaveLength(0);
    const bad = await platform.api('/api/v1/consents/access-log?from=yesterday', { token: e.token });
    expect(bad.status).toBe(400);
  });

  it('is SM3 hash-chained: the admin check passes, and fails once a sealed row is altered', async () => {
    const admin = await platform.login('admin');
    const ok = (await (await platform.api('/api/v1/admin/consents/access-log/verify', { token: admin })).json()) as {
      ok: boolean;
      checked: number;
    };
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThan(0);
    const knex = platform.database.knex;
    await expect(knex('consent_access_log').where('chain_seq', 1).update({ purpose: 'pre_credit' })).rejects.toThrow(/append-only/);
    await knex.transaction(async (tx) => {
      await tx.raw(`set local session_replication_role = replica`);
      await tx('consent_access_log').where('chain_seq', 1).update({ scopes: ['register', 'judicial'] });
    });
    const broken = (await (await platform.api('/api/v1/admin/consents/access-log/verify', { token: admin })).json()) as object;
    expect(broken).toMatchObject({ ok: false, brokenAtSeq: 1 });
  });
});

describe('machine access (client credentials)', () => {
  it('is administered by the institution\'s 机构管理员 only: an officer can neither mint, list, rotate nor revoke', async () => {
    const client = await createClient(icbcAdmin);
    for (const res of [
      await platform.api('/api/v1/institution/clients', { token: icbc, body: { name: '私建系统' } }),
      await platform.api('/api/v1/institution/clients', { token: icbc }),
      await platform.api(`/api/v1/institution/clients/${client.clientId}/secrets`, { token: icbc, body: {} }),
      await platform.api(`/api/v1/institution/clients/${client.clientId}/secrets/${client.secretId}`, { method: 'DELETE', token: icbc }),
    ]) {
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'INSTITUTION_ADMIN_REQUIRED' });
    }
    expect((await tokenRequest(client.clientId, client.clientSecret)).status).toBe(200);
  });

  it('rotates secrets without downtime: both work during rotation, the old one stops when revoked', async () => {
    const client = await createClient(icbcAdmin);
    const added = await platform.api(`/api/v1/institution/clients/${client.clientId}/secrets`, { token: icbcAdmin, body: {} });
    expect(added.status).toBe(201);
    const second = (await added.json()) as { clientSecret: string; secretId: string };
    const oldToken = await clientToken(client.clientId, client.clientSecret);
    const newToken = await clientToken(client.clientId, second.clientSecret);
    expect((await platform.api('/api/v1/institution/consents', { token: oldToken })).status).toBe(200);
    const third = await platform.api(`/api/v1/institution/clients/${client.clientId}/secrets`, { token: icbcAdmin, body: {} });
    expect(third.status).toBe(409);

    const revoke = await platform.api(`/api/v1/institution/clients/${client.clientId}/secrets/${client.secretId}`, { method: 'DELETE', token: icbcAdmin });
    expect(revoke.status).toBe(204);
    const old = await tokenRequest(client.clientId, client.clientSecret);
    expect(old.status).toBe(401);
    expect(await old.json()).toMatchObject({ code: 'INVALID_CLIENT', error: 'invalid_client' });
    // A secret is revoked because it leaked: the tokens obtained with it end too, the others go on.
    const leaked = await platform.api('/api/v1/institution/consents', { token: oldToken });
    expect(leaked.status).toBe(401);
    expect(await leaked.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
    expect((await platform.api('/api/v1/institution/consents', { token: newToken })).status).toBe(200);
    await clientToken(client.clientId, second.clientSecret);

    const stored = await platform.database.knex('institution_client_secrets').where({ client_id: client.clientId });
    expect(JSON.stringify(stored)).not.toContain(second.clientSecret);
    const listed = (await (await platform.api('/api/v1/institution/clients', { token: icbcAdmin })).json()) as {
      items: { clientId: string; secrets: { id: string }[] }[];
    };
    expect(listed.items.find((c) => c.clientId === client.clientId)?.secrets.map((s) => s.id)).toEqual([second.secretId]);
    expect((await platform.api(`/api/v1/institution/clients/${client.clientId}/secrets`, { token: ccbAdmin, body: {} })).status).toBe(404);
  });

  it('issues a short-lived JWT with scopes; the gate logs the client; a token without profile:read is refused', async () => {
    const e = takeEnterprise();
    const g = await grant(e);
    const client = await createClient(icbcAdmin);
    const res = await tokenRequest(client.clientId, client.clientSecret);
    const issued = (await res.json()) as { access_token: string; expires_in: number; scope: string; token_type: string };
    expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'consents:read profile:read' });
    const read = await profile(e, issued.access_token);
    const body = await expectAllowed(read, g.id);
    const [row] = await platform.database.knex('consent_access_log').where({ id: body.accessLogId });
    expect(row).toMatchObject({ client_id: client.clientId, user_id: null });

    const narrow = await clientToken(client.clientId, client.clientSecret, 'consents:read');
    const refused = await profile(e, narrow);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'CLIENT_SCOPE_MISSING', requiredScopes: ['profile:read'] });
    expect((await platform.api('/api/v1/institution/consents', { token: narrow })).status).toBe(200);

    const json = await platform.api('/api/v1/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: 'admin' },
    });
    expect(json.status).toBe(400);
    // The OAuth error member for OAuth libraries, and errors[] naming the parameter as every 400 does.
    expect(await json.json()).toMatchObject({ error: 'invalid_scope', code: 'INVALID_SCOPE', errors: [{ field: 'scope', code: 'INVALID_SCOPE' }] });
    const wrongGrant = await platform.api('/api/v1/oauth/token', { body: { grant_type: 'password', client_id: client.clientId, client_secret: 'x' } });
    expect(await wrongGrant.json()).toMatchObject({ error: 'unsupported_grant_type', errors: [{ field: 'grant_type', code: 'UNSUPPORTED_GRANT_TYPE' }] });
  });
});

describe('grantee notification', () => {
  let receiver: Server;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        // The first delivery of each revocation fails once, so the relay has to retry it. (Events
        // that found no endpoint before the URL was set are delivered too; they are not counted.)
        const id = String(req.headers['webhook-id']);
        const firstTry = id.startsWith('consent.revoked:') && received.filter((r) => r.headers['webhook-id'] === id).length === 1;
        res.statusCode = firstTry ? 503 : 204;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  it('POSTs a signed consent.revoked webhook to the grantee through the outbox (retrying a failure)', async () => {
    const address = receiver.address() as { port: number };
    const hsfg = await platform.login('hsfg_admin');
    const setup = await platform.api('/api/v1/institution/webhook', {
      method: 'PUT',
      token: hsfg,
      body: { url: `http://127.0.0.1:${address.port}/hooks/xinyidai` },
    });
    expect(setup.status).toBe(200);
    const { secret } = (await setup.json()) as { secret: string };
    const stored = await platform.database.knex('institutions').where({ id: hsfgId }).first('webhook_secret_enc');
    expect(stored.webhook_secret_enc).toMatch(/^sm4k:k1:/);

    const e = takeEnterprise();
    const g = await grant(e, { granteeInstitutionId: hsfgId });
    await platform.api(`/api/v1/consents/${g.id}/revoke`, { token: e.token, body: {} });

    const keys = [`consent.granted:${g.id}`, `consent.revoked:${g.id}`];
    const messages = () => platform.database.knex('outbox_messages').whereIn('message_key', keys).orderBy('created_at');
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (await messages()).some((m: { status: string }) => m.status !== 'delivered')) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const delivered = await messages();
    expect(delivered.map((m: { topic: string; status: string }) => [m.topic, m.status])).toEqual([
      ['consent.granted', 'delivered'],
      ['consent.revoked', 'delivered'],
    ]);
    // An event outlives a receiver's maintenance window: about a day of retries, not ten tries.
    expect(delivered.map((m: { max_attempts: number }) => m.max_attempts)).toEqual([WEBHOOK_MAX_ATTEMPTS, WEBHOOK_MAX_ATTEMPTS]);
    expect(WEBHOOK_MAX_ATTEMPTS).toBeGreaterThanOrEqual(100);
    const failed = await platform.database.knex('outbox_attempts').whereIn('message_id', delivered.map((m: { id: string }) => m.id)).where({ outcome: 'failed' });
    expect(failed).toHaveLength(1);
    const event = received.find((r) => r.headers['webhook-id'] === `consent.revoked:${g.id}`);
    expect(event).toBeDefined();
    const verified = verifyWebhook([secret], event!.headers as Record<string, string>, event!.body, new Date());
    expect(verified.ok).toBe(true);
    expect(event!.headers['webhook-id']).toBe(`consent.revoked:${g.id}`);
    expect(JSON.parse(event!.body)).toMatchObject({ type: 'consent.revoked', data: { consentId: g.id, status: 'REVOKED', enterpriseUscc: e.uscc, endedByKind: 'enterprise' } });
  });
});

describe('expiry (scheduled job)', () => {
  it('marks grants past their validity EXPIRED by the system and tells the grantee', async () => {
    const e = takeEnterprise();
    const g = await grant(e, { validUntil: inDays(2) });
    const knex = platform.database.knex;
    const service = new ConsentService({
      db: knex,
      transaction: transactionRunner(knex),
      consents: consentStore,
      accessLog: accessLogStore,
      refusals: refusedReadStore,
      ledger: new AccessLogLedger({ db: knex, transaction: transactionRunner(knex), accessLog: accessLogStore, anchors: accessLogAnchorStore, clock: systemClock }),
      outbox: outboxStore,
      clock: new FakeClock(new Date(Date.now() + 3 * DAY)),
      platformKeys: platform.config.platformSm2,
      enterprise: (tx, id) => enterpriseStore.findById(tx, id),
      institution: (tx, id) => institutionStore.findById(tx, id),
      // No grant made here names a loan (贷后监测).
      monitoredLoan: async () => undefined,
    });
    expect(await service.expireDue(2)).toBeGreaterThanOrEqual(1);
    expect(await knex('consent_grants').where({ id: g.id }).first()).toMatchObject({ status: 'EXPIRED', ended_by_kind: 'system' });
    expect(await knex('outbox_messages').where({ message_key: `consent.expired:${g.id}` })).toHaveLength(1);
    await expectDenied(await profile(e, icbc), 'CONSENT_EXPIRED');
  });
});
