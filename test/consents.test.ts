import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLogStore } from '../src/consents/access-log-store.js';
import { ConsentService } from '../src/consents/consent-service.js';
import { consentStore } from '../src/consents/consent-store.js';
import { institutionDataRoutes } from '../src/consents/institution-data-routes.js';
import { transactionRunner } from '../src/db/transaction.js';
import { enterpriseStore } from '../src/enterprises/enterprise-store.js';
import { institutionStore } from '../src/institutions/institution-store.js';
import { FakeClock } from '../src/platform/clock.js';
import { outboxStore } from '../src/platform/outbox/outbox-store.js';
import type { ConsentGate } from '../src/consents/consent-gate.js';
import { sm2Verify } from '../src/platform/sm2.js';
import { verifyWebhook } from '../src/platform/webhooks/standard-webhooks.js';
import { institutionId, registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { hasPostgres } from './helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;
let enterprises: TestEnterprise[];
let icbc: string;
let ccb: string;
let icbcId: string;
let hsfgId: string;
let officeId: string;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

beforeAll(async () => {
  platform = await startTestPlatform({ OUTBOX_POLL_MS: '50' });
  [icbc, ccb] = await Promise.all([platform.login('icbc_officer'), platform.login('ccb_officer')]);
  [icbcId, hsfgId, officeId] = (await Promise.all(['ICBC_HS', 'HSFG', 'HS_JRJ'].map((code) => institutionId(platform, code)))) as [
    string,
    string,
    string,
  ];
  enterprises = await registerEnterprises(platform, 22);
});
afterAll(() => platform.close());

let next = 0;
const takeEnterprise = () => {
  const e = enterprises[next++];
  if (!e) throw new Error('ran out of test enterprises');
  return e;
};

interface GrantBody {
  granteeInstitutionId?: string;
  scopes?: string[];
  purpose?: string;
  validFrom?: string;
  validUntil?: string;
  fetchType?: string;
  frequency?: { unit: string; value: number } | null;
  applicationId?: string;
}

async function grant(e: TestEnterprise, body: GrantBody = {}): Promise<{ id: string; [k: string]: unknown }> {
  const res = await platform.api('/api/v1/consents', {
    token: e.token,
    body: {
      granteeInstitutionId: icbcId,
      scopes: ['register'],
      purpose: 'loan_application',
      validUntil: inDays(30),
      fetchType: 'PERIODIC',
      frequency: { unit: 'DAY', value: 10 },
      ...body,
    },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string };
}

const profile = (e: TestEnterprise, token: string, query = 'purpose=loan_application') =>
  platform.api(`/api/v1/institution/enterprises/${e.uscc}/profile?${query}`, { token });

const logRows = (requestId: string) => platform.database.knex('consent_access_log').where({ request_id: requestId });

/** A refused read: 403 problem+json with `code`, and no access-log row. */
async function expectDenied(res: Response, code: string): Promise<void> {
  expect(res.status).toBe(403);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(((await res.json()) as { code: string }).code).toBe(code);
  expect(await logRows(res.headers.get('x-request-id')!)).toHaveLength(0);
}

/** An allowed read: 200 with the data, and exactly one access-log row for this request. */
async function expectAllowed(res: Response, grantId: string): Promise<Record<string, unknown>> {
  expect(res.status, await res.clone().text()).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  const rows = await logRows(res.headers.get('x-request-id')!);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ grant_id: grantId, institution_id: icbcId, id: body.accessLogId });
  return body;
}

describe('the consent gate: the matrix', () => {
  it('right bank: allowed, filtered to the granted scopes, one log row naming officer, scopes and purpose', async () => {
    const e = takeEnterprise();
    const g = await grant(e, { scopes: ['register', 'tax'] });
    const body = await expectAllowed(await profile(e, icbc), g.id);
    expect(body).toMatchObject({ uscc: e.uscc, grantId: g.id, purpose: 'loan_application', scopes: ['register', 'tax'], unavailableScopes: [] });
    expect(Object.keys(body.data as object).sort()).toEqual(['register', 'tax']);
    expect((body.data as { register: { name: string } }).register.name).toBe(e.name);
    expect((body.data as { tax: { scope: string; indicators: unknown[] } }).tax).toMatchObject({ scope: 'tax', indicators: expect.any(Array) });

    const only = await expectAllowed(await profile(e, icbc, 'purpose=loan_application&scopes=register'), g.id);
    expect(only.scopes).toEqual(['register']);
    const [row] = await platform.database.knex('consent_access_log').where({ id: only.accessLogId });
    expect(row).toMatchObject({ scopes: ['register'], purpose: 'loan_application', client_id: null });
    expect(row.user_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('other bank: CONSENT_NOT_FOUND', async () => {
    const e = takeEnterprise();
    await grant(e);
    await expectDenied(await profile(e, ccb), 'CONSENT_NOT_FOUND');
  });

  it('missing scope: CONSENT_SCOPE_NOT_GRANTED (granted scope still readable)', async () => {
    const e = takeEnterprise();
    const g = await grant(e, { scopes: ['register'] });
    await expectDenied(await profile(e, icbc, 'purpose=loan_application&scopes=register,tax'), 'CONSENT_SCOPE_NOT_GRANTED');
    await expectAllowed(await profile(e, icbc, 'purpose=loan_application&scopes=register'), g.id);
  });

  it('wrong purpose: CONSENT_PURPOSE_MISMATCH', async () => {
    const e = takeEnterprise();
    await grant(e, { purpose: 'loan_application' });
    await expectDenied(await profile(e, icbc, 'purpose=pre_credit'), 'CONSENT_PURPOSE_MISMATCH');
  });

  it('before start: CONSENT_NOT_YET_VALID', async () => {
    const e = takeEnterprise();
    await grant(e, { validFrom: inDays(1), validUntil: inDays(10) });
    await expectDenied(await profile(e, icbc), 'CONSENT_NOT_YET_VALID');
  });

  it('after end: CONSENT_EXPIRED', async () => {
    const e = takeEnterprise();
    const g = await grant(e, { validUntil: new Date(Date.now() + 1_500).toISOString() });
    await expectAllowed(await profile(e, icbc), g.id);
    await new Promise((r) => setTimeout(r, 1_600));
    await expectDenied(await profile(e, icbc), 'CONSENT_EXPIRED');
  });

  it('revoked: CONSENT_REVOKED from the very next read; who and when recorded', async () => {
    const e = takeEnterprise();
    const g = await grant(e);
    await expectAllowed(await profile(e, icbc), g.id);
    const res = await platform.api(`/api/v1/consents/${g.id}/revoke`, { token: e.token, body: { reason: '已选择其他银行' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'REVOKED', endedBy: { kind: 'enterprise' }, endReason: '已选择其他银行' });
    await expectDenied(await profile(e, icbc), 'CONSENT_REVOKED');
    const again = await platform.api(`/api/v1/consents/${g.id}/revoke`, { token: e.token, body: {} });
    expect(again.status).toBe(409);
  });

  it('terminated by the grantee: CONSENT_TERMINATED', async () => {
    const e = takeEnterprise();
    const g = await grant(e);
    const ccbTry = await platform.api(`/api/v1/institution/consents/${g.id}/terminate`, { token: ccb, body: {} });
    expect(ccbTry.status).toBe(404);
    const res = await platform.api(`/api/v1/institution/consents/${g.id}/terminate`, { token: icbc, body: { reason: '申请未通过' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'TERMINATED', endedBy: { kind: 'institution' } });
    await expectDenied(await profile(e, icbc), 'CONSENT_TERMINATED');
  });

  it('ONETIME used twice: CONSENT_ALREADY_USED', async () => {
    const e = takeEnterprise();
    const g = await grant(e, { fetchType: 'ONETIME', frequency: null });
    await expectAllowed(await profile(e, icbc), g.id);
    await expectDenied(await profile(e, icbc), 'CONSENT_ALREADY_USED');
  });

  it('frequency exceeded: CONSENT_FREQUENCY_EXCEEDED', async () => {
    const e = takeEnterprise();
    const g = await grant(e, { frequency: { unit: 'HOUR', value: 2 } });
    await expectAllowed(await profile(e, icbc), g.id);
    await expectAllowed(await profile(e, icbc), g.id);
    await expectDenied(await profile(e, icbc), 'CONSENT_FREQUENCY_EXCEEDED');
    const [row] = await platform.database.knex('consent_grant_usage').where({ grant_id: g.id });
    expect(row).toMatchObject({ use_count: 2, window_count: 2 });
  });

  it.skipIf(!hasPostgres())('a ONETIME grant read 10 times in parallel is used exactly once (needs PostgreSQL)', async () => {
    const e = takeEnterprise();
    const g = await grant(e, { fetchType: 'ONETIME', frequency: null });
    const statuses = await Promise.all(Array.from({ length: 10 }, () => profile(e, icbc).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 403)).toHaveLength(9);
    expect(await platform.database.knex('consent_access_log').where({ grant_id: g.id })).toHaveLength(1);
  });
});

describe('no other path to enterprise data', () => {
  it('every route of the institution data router answers 403 without a grant (officer and machine client)', async () => {
    const e = takeEnterprise();
    const client = await createClient(icbc);
    const machine = await clientToken(client.clientId, client.clientSecret);
    const router = institutionDataRoutes({} as ConsentGate);
    const routes = router.stack.filter((layer) => layer.methods.length > 0);
    expect(routes.length).toBeGreaterThan(0);
    for (const layer of routes) {
      const path = String(layer.path).replace(':uscc', e.uscc);
      for (const method of layer.methods.filter((m) => m !== 'HEAD')) {
        for (const token of [icbc, machine]) {
          const res = await platform.api(`${path}?purpose=loan_application`, { method, token });
          expect(res.status, `${method} ${layer.path}`).toBe(403);
          expect(((await res.json()) as { code: string }).code).toBe('CONSENT_NOT_FOUND');
        }
      }
    }
    const enterpriseTry = await platform.api(`/api/v1/institution/enterprises/${e.uscc}/profile?purpose=loan_application`, { token: e.token });
    expect(enterpriseTry.status).toBe(403);
  });

  it('every route in the API spec that names an enterprise by USCC is refused to a bank without a grant', async () => {
    const e = takeEnterprise();
    const spec = parse(readFileSync(new URL('../specs/dist/openapi.bundle.yaml', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths).filter(([path]) => path.includes('{uscc}'));
    expect(routes.map(([path]) => path)).toContain('/api/v1/institution/enterprises/{uscc}/profile');
    for (const [path, operations] of routes) {
      for (const method of Object.keys(operations).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))) {
        const res = await platform.api(`${path.replace('{uscc}', e.uscc)}?purpose=loan_application`, { method: method.toUpperCase(), token: icbc });
        expect(res.status, `${method} ${path}`).toBe(403);
      }
    }
  });
});

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

async function createClient(token: string, scopes?: string[]): Promise<{ clientId: string; clientSecret: string; secretId: string }> {
  const res = await platform.api('/api/v1/institution/clients', { token, body: { name: '信贷系统', ...(scopes ? { scopes } : {}) } });
  expect(res.status).toBe(201);
  return (await res.json()) as { clientId: string; clientSecret: string; secretId: string };
}

function tokenRequest(clientId: string, secret: string, scope?: string): Promise<Response> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  return fetch(`${platform.url}/api/v1/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
    },
    body: form.toString(),
  });
}

async function clientToken(clientId: string, secret: string, scope?: string): Promise<string> {
  const res = await tokenRequest(clientId, secret, scope);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('machine access (client credentials)', () => {
  it('rotates secrets without downtime: both work during rotation, the old one stops when revoked', async () => {
    const client = await createClient(icbc);
    const added = await platform.api(`/api/v1/institution/clients/${client.clientId}/secrets`, { token: icbc, body: {} });
    expect(added.status).toBe(201);
    const second = (await added.json()) as { clientSecret: string; secretId: string };
    await clientToken(client.clientId, client.clientSecret);
    await clientToken(client.clientId, second.clientSecret);
    const third = await platform.api(`/api/v1/institution/clients/${client.clientId}/secrets`, { token: icbc, body: {} });
    expect(third.status).toBe(409);

    const revoke = await platform.api(`/api/v1/institution/clients/${client.clientId}/secrets/${client.secretId}`, { method: 'DELETE', token: icbc });
    expect(revoke.status).toBe(204);
    const old = await tokenRequest(client.clientId, client.clientSecret);
    expect(old.status).toBe(401);
    expect(await old.json()).toMatchObject({ code: 'INVALID_CLIENT', error: 'invalid_client' });
    await clientToken(client.clientId, second.clientSecret);

    const stored = await platform.database.knex('institution_client_secrets').where({ client_id: client.clientId });
    expect(JSON.stringify(stored)).not.toContain(second.clientSecret);
    const listed = (await (await platform.api('/api/v1/institution/clients', { token: icbc })).json()) as {
      items: { clientId: string; secrets: { id: string }[] }[];
    };
    expect(listed.items.find((c) => c.clientId === client.clientId)?.secrets.map((s) => s.id)).toEqual([second.secretId]);
    expect((await platform.api(`/api/v1/institution/clients/${client.clientId}/secrets`, { token: ccb, body: {} })).status).toBe(404);
  });

  it('issues a short-lived JWT with scopes; the gate logs the client; a token without profile:read is refused', async () => {
    const e = takeEnterprise();
    const g = await grant(e);
    const client = await createClient(icbc);
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
    expect(((await refused.json()) as { code: string }).code).toBe('CLIENT_SCOPE_MISSING');
    expect((await platform.api('/api/v1/institution/consents', { token: narrow })).status).toBe(200);

    const json = await platform.api('/api/v1/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: 'admin' },
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_scope' });
    const wrongGrant = await platform.api('/api/v1/oauth/token', { body: { grant_type: 'password', client_id: client.clientId, client_secret: 'x' } });
    expect(await wrongGrant.json()).toMatchObject({ error: 'unsupported_grant_type' });
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
    const hsfg = await platform.login('hsfg_officer');
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
      outbox: outboxStore,
      clock: new FakeClock(new Date(Date.now() + 3 * DAY)),
      platformKeys: platform.config.platformSm2,
      enterprise: (tx, id) => enterpriseStore.findById(tx, id),
      institution: (tx, id) => institutionStore.findById(tx, id),
    });
    expect(await service.expireDue(2)).toBeGreaterThanOrEqual(1);
    expect(await knex('consent_grants').where({ id: g.id }).first()).toMatchObject({ status: 'EXPIRED', ended_by_kind: 'system' });
    expect(await knex('outbox_messages').where({ message_key: `consent.expired:${g.id}` })).toHaveLength(1);
    await expectDenied(await profile(e, icbc), 'CONSENT_EXPIRED');
  });
});

describe('the data source behind the gate (credit profiles)', () => {
  const sendTax = async (uscc: string, period: string, amountPaid: string) => {
    const feed = await platform.login('tax_feed');
    const res = await platform.api('/api/v1/ingestion/tax_payments/records?formatVersion=1', {
      token: feed,
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify({ uscc, period, taxType: '增值税', amountPaid, arrearsAmount: '0' })}\n`,
    });
    expect(res.status).toBe(201);
  };
  type Gated = { data: Record<string, { indicators?: { code: string; recordIds: number[] }[]; records?: { id: number }[] }> };
  const recordIds = (body: Gated) => Object.values(body.data).flatMap((s) => (s.records ?? []).map((r) => r.id));

  it('gives the same data on the folded one-statement path and on the service path', async () => {
    const { profileDataSource } = await import('../src/consents/profile-data-source.js');
    const e = takeEnterprise();
    await grant(e, { scopes: ['register', 'tax', 'penalties'] });
    await (await profile(e, icbc)).json(); // the first read builds the profile (service path)
    const folded = (await (await profile(e, icbc)).json()) as Gated;
    const alone = await profileDataSource(platform.services.profiles).read(platform.database.knex, { enterpriseId: e.id, uscc: e.uscc }, [
      'register',
      'tax',
      'penalties',
    ]);
    expect(folded.data).toEqual(JSON.parse(JSON.stringify(alone)));
    expect(folded.data.register).toMatchObject({ uscc: e.uscc, name: e.name, registeredCapital: expect.stringMatching(/^\d+\.\d{2}$/) });
  });

  it('shows a bank a record as soon as it arrives and never after it is repaired', async () => {
    const e = takeEnterprise();
    await grant(e, { scopes: ['tax'] });
    await sendTax(e.uscc, '2026-08', '54321.00');
    const withRecord = (await (await profile(e, icbc)).json()) as Gated;
    const { knex } = platform.database;
    const record = await knex('tax_payment_records')
      .where({ uscc: e.uscc })
      .first('id', knex.raw(`uscc || '|' || period || '|' || tax_type as record_key`));
    const recordId = Number(record.id);
    expect(recordIds(withRecord)).toContain(recordId);

    const admin = await platform.login('admin');
    const notice = await platform.api('/api/v1/ingestion/notices', {
      token: admin,
      body: { category: 'tax_payments', recordKey: record.record_key, kind: 'repair', noticeNo: '修复〔2026〕G1号', reason: '已完成信用修复' },
    });
    expect(notice.status).toBe(201);
    const afterRepair = (await (await profile(e, icbc)).json()) as Gated;
    expect(recordIds(afterRepair)).not.toContain(recordId);
  });

  /** The gate statement itself with the profile source folded in, before the gate's own filtering. */
  const foldedRead = async (e: TestEnterprise, scopes: string[]) => {
    const { profileDataSource } = await import('../src/consents/profile-data-source.js');
    const [outcome] = await accessLogStore.checkAndLog(
      platform.database.statements,
      [{
        uscc: e.uscc,
        institutionId: icbcId,
        purpose: 'loan_application',
        scopes: scopes as never,
        userId: null,
        clientId: null,
        requestId: `folded-${e.uscc}-${Date.now()}-${Math.random()}`,
        now: new Date(),
      }],
      profileDataSource(platform.services.profiles).sql,
    );
    if (outcome?.kind !== 'allowed') throw new Error(`gate refused: ${JSON.stringify(outcome)}`);
    return outcome;
  };

  it('reads only the allowed scopes on the folded path, and the service path gives the same', async () => {
    const { profileDataSource } = await import('../src/consents/profile-data-source.js');
    const e = takeEnterprise();
    await grant(e, { scopes: ['register', 'tax', 'penalties'] });
    await profile(e, icbc); // the first read builds the profile
    for (const scopes of [['tax'], ['register'], ['penalties', 'tax']]) {
      const outcome = await foldedRead(e, scopes);
      expect(Object.keys(outcome.data!).sort()).toEqual([...scopes].sort());
      const alone = await profileDataSource(platform.services.profiles).read(
        platform.database.knex,
        { enterpriseId: e.id, uscc: e.uscc },
        scopes as never,
      );
      expect(outcome.data).toEqual(JSON.parse(JSON.stringify(alone)));
    }
    // No scopes asked: every granted scope, and nothing the grant does not cover.
    const all = await foldedRead(e, []);
    expect(Object.keys(all.data!).sort()).toEqual(['penalties', 'register', 'tax']);
    expect(all.data!.register).toMatchObject({ uscc: e.uscc, name: e.name, scope: 'register' });
    // The section rows the folded read picks from are the stored version's, in assembly order.
    const head = await platform.database.knex('credit_profiles').where({ uscc: e.uscc }).first();
    const rows = await platform.database.knex('credit_profile_sections').where({ uscc: e.uscc, version: head.current_version }).orderBy('ordinal');
    const own = await platform.services.profiles.profileFor(e.uscc);
    expect(rows.map((r: { scope: string }) => r.scope)).toEqual(own.sections.map((s) => s.scope));
  });

  it('sends a stale profile through the service, which rebuilds it before the bank reads it', async () => {
    const e = takeEnterprise();
    await grant(e, { scopes: ['tax'] });
    await profile(e, icbc);
    const { knex } = platform.database;
    const before = await knex('credit_profiles').where({ uscc: e.uscc }).first();
    expect(before.stale).toBe(false);
    expect((await foldedRead(e, ['tax'])).data).toMatchObject({ tax: { scope: 'tax' } });

    await sendTax(e.uscc, '2026-07', '12345.00');
    // The background drain may rebuild it at once (it does on PGlite); hold the profile in the
    // state it has between a record's arrival and its rebuild.
    await platform.services.profiles.settled();
    await knex('credit_profiles').where({ uscc: e.uscc }).update({ stale: true });
    expect((await foldedRead(e, ['tax'])).data).toEqual({ __needsRead: true });

    const res = await profile(e, icbc);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Gated;
    expect(Object.keys(body.data)).toEqual(['tax']);
    const record = await knex('tax_payment_records').where({ uscc: e.uscc }).first();
    expect(recordIds(body)).toContain(Number(record.id));
    const after = await knex('credit_profiles').where({ uscc: e.uscc }).first();
    expect(after).toMatchObject({ stale: false, current_version: before.current_version + 1 });
    expect(Object.keys((await foldedRead(e, ['tax'])).data!)).toEqual(['tax']);
  });
});
