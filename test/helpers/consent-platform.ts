import { afterAll, beforeAll, expect } from 'vitest';
import { institutionId, registerEnterprises, type TestEnterprise } from './consent-fixtures.js';
import { startTestPlatform, type TestPlatform } from './test-platform.js';

// The platform and fixtures the consent tests share: one platform per test file, started by
// `startConsentPlatform` in that file's beforeAll; the bindings below are set there.
export let platform: TestPlatform;
export let enterprises: TestEnterprise[];
export let icbc: string;
export let ccb: string;
/** The banks' 机构管理员, who administer their machine clients. */
export let icbcAdmin: string;
export let ccbAdmin: string;
export let icbcId: string;
export let hsfgId: string;
export let officeId: string;

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** Starts the platform for the calling test file, with `enterpriseCount` registered enterprises. */
export function startConsentPlatform(enterpriseCount: number, env: Record<string, string> = {}): void {
  beforeAll(async () => {
    next = 0;
    platform = await startTestPlatform({ OUTBOX_POLL_MS: '50', ...env });
    [icbc, ccb, icbcAdmin, ccbAdmin] = (await Promise.all(['icbc_officer', 'ccb_officer', 'icbc_admin', 'ccb_admin'].map((u) => platform.login(u)))) as [string, string, string, string];
    [icbcId, hsfgId, officeId] = (await Promise.all(['ICBC_HS', 'HSFG', 'HS_JRJ'].map((code) => institutionId(platform, code)))) as [
      string,
      string,
      string,
    ];
    enterprises = await registerEnterprises(platform, enterpriseCount);
  });
  afterAll(() => platform.close());
}

let next = 0;
export const takeEnterprise = () => {
  const e = enterprises[next++];
  if (!e) throw new Error('ran out of test enterprises');
  return e;
};

export interface GrantBody {
  granteeInstitutionId?: string;
  scopes?: string[];
  purpose?: string;
  validFrom?: string;
  validUntil?: string;
  fetchType?: string;
  frequency?: { unit: string; value: number } | null;
  applicationId?: string;
}

export async function grant(e: TestEnterprise, body: GrantBody = {}): Promise<{ id: string; [k: string]: unknown }> {
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

export const profile = (e: TestEnterprise, token: string, query = 'purpose=loan_application') =>
  platform.api(`/api/v1/institution/enterprises/${e.uscc}/profile?${query}`, { token });

export const logRows = (requestId: string) => platform.database.knex('consent_access_log').where({ request_id: requestId });

/** A refused read: 403 problem+json with `code`, and no access-log row. */
export async function expectDenied(res: Response, code: string): Promise<void> {
  expect(res.status).toBe(403);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(((await res.json()) as { code: string }).code).toBe(code);
  expect(await logRows(res.headers.get('x-request-id')!)).toHaveLength(0);
}

/** An allowed read: 200 with the data, and exactly one access-log row for this request. */
export async function expectAllowed(res: Response, grantId: string): Promise<Record<string, unknown>> {
  expect(res.status, await res.clone().text()).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  const rows = await logRows(res.headers.get('x-request-id')!);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ grant_id: grantId, institution_id: icbcId, id: body.accessLogId });
  return body;
}

export async function createClient(token: string, scopes?: string[]): Promise<{ clientId: string; clientSecret: string; secretId: string }> {
  const res = await platform.api('/api/v1/institution/clients', { token, body: { name: '信贷系统', ...(scopes ? { scopes } : {}) } });
  expect(res.status).toBe(201);
  return (await res.json()) as { clientId: string; clientSecret: string; secretId: string };
}

export function tokenRequest(clientId: string, secret: string, scope?: string): Promise<Response> {
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

export async function clientToken(clientId: string, secret: string, scope?: string): Promise<string> {
  const res = await tokenRequest(clientId, secret, scope);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}
