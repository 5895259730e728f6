import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INSTITUTIONS } from '../src/demo/demo-city.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform({
    LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '3',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '6',
    LOGIN_MAX_FAILURES_PER_IP: '8',
    TRUST_PROXY: 'true',
    SMS_CODE_MAX_PER_IP_PER_HOUR: '4',
  });
});
afterAll(() => platform.close());

const login = (username: string, password: string, ip?: string) =>
  platform.api('/api/v1/auth/token', { body: { username, password }, headers: ip ? { 'x-forwarded-for': ip } : {} });

describe('POST /api/v1/auth/token and GET /api/v1/me', () => {
  const ROLE_OF = { bank: 'bank_officer', guarantee_company: 'guarantee_officer', financial_office: 'financial_office', data_source: 'data_source' };
  const cases: [string, string, string | null][] = [
    // Platform admins are people of the platform operator institution.
    ['admin', 'admin', 'PLATFORM'],
    ...['icbc_officer', 'hsfg_officer', 'jrj_viewer', 'scjg_feed'].map((username): [string, string, string] => {
      const institution = DEMO_INSTITUTIONS.find((i) => i.username === username)!;
      return [username, ROLE_OF[institution.type], institution.code];
    }),
  ];
  it.each(cases)('logs in %s with role %s and institution %s', async (username, role, institutionCode) => {
    const res = await login(username, 'Demo@2026');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const grant = (await res.json()) as { accessToken: string; tokenType: string; expiresIn: number; role: string };
    expect(grant).toMatchObject({ tokenType: 'Bearer', role, expiresIn: platform.config.jwt.ttlSeconds });
    const me = (await (await platform.api('/api/v1/me', { token: grant.accessToken })).json()) as {
      role: string;
      institution: { code: string } | null;
      enterprise: unknown;
    };
    expect(me.role).toBe(role);
    expect(me.institution?.code ?? null).toBe(institutionCode);
    expect(me.enterprise).toBeNull();
  });

  it('logs the demo enterprise in by USCC, typed in lower case', async () => {
    const enterprise = platform.demo!.accounts.find((a) => a.role === 'enterprise')!;
    const res = await login(enterprise.username.toLowerCase(), 'Demo@2026');
    expect(res.status).toBe(200);
    const token = ((await res.json()) as { accessToken: string }).accessToken;
    const me = (await (await platform.api('/api/v1/me', { token })).json()) as { enterprise: { uscc: string; contactMobile: string } };
    expect(me.enterprise).toMatchObject({ uscc: enterprise.username, contactMobile: '138****1234' });
  });

  it('answers a wrong password and an unknown account alike (401 INVALID_CREDENTIALS)', async () => {
    for (const [username, password] of [
      ['ccb_officer', 'wrong-password1'],
      ['nobody-here', 'Demo@2026'],
    ] as const) {
      const res = await login(username, password, '10.0.0.1');
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    }
  });

  it('locks an account at an address after 3 failures there, even for the right password, with Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await login('hbb_officer', `bad-${i}-pass`, '10.0.0.2')).status).toBe(401);
    const locked = await login('hbb_officer', 'Demo@2026', '10.0.0.2');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe(String(platform.config.loginLimits.windowSeconds));
    expect(await locked.json()).toMatchObject({ code: 'LOGIN_RATE_LIMITED' });
    // Another account is unaffected at that address.
    expect((await login('hsrcb_officer', 'Demo@2026', '10.0.0.2')).status).toBe(200);
  });

  it("does not lock the owner out for a stranger's failures from another address (an enterprise logs in by its public USCC)", async () => {
    const uscc = platform.demo!.accounts.find((a) => a.role === 'enterprise')!.username;
    for (let i = 0; i < 3; i++) expect((await login(uscc, `guess-${i}-pass`, '203.0.113.70')).status).toBe(401);
    expect((await login(uscc, `guess-3-pass`, '203.0.113.70')).status).toBe(429);
    expect((await login(uscc, 'Demo@2026', '10.0.0.7')).status).toBe(200);
  });

  it('locks an account everywhere when guessing is spread over addresses', async () => {
    for (const ip of ['203.0.113.71', '203.0.113.72']) {
      for (let i = 0; i < 3; i++) expect((await login('icbc_admin', `guess-${i}-pass`, ip)).status).toBe(401);
    }
    const locked = await login('icbc_admin', 'Demo@2026', '10.0.0.8');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe(String(platform.config.loginLimits.windowSeconds));
    expect(await locked.json()).toMatchObject({ code: 'LOGIN_RATE_LIMITED' });
  });

  it('limits failures per client IP across accounts', async () => {
    const ip = '10.9.9.9';
    const accounts = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'];
    for (const account of accounts) expect((await login(account, 'whatever1', ip)).status).toBe(401);
    expect((await login('psbc_officer', 'Demo@2026', ip)).status).toBe(429);
    expect((await login('psbc_officer', 'Demo@2026', '10.9.9.10')).status).toBe(200);
  });

  it('takes the client IP from the address the proxy appended, not from what the client wrote before it', async () => {
    // nginx appends the address it saw ($proxy_add_x_forwarded_for): "<whatever the client sent>, <client>".
    const accounts = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'];
    for (const [i, account] of accounts.entries()) expect((await login(account, 'whatever1', `203.0.113.${i}, 10.9.7.7`)).status).toBe(401);
    expect((await login('kdd_officer', 'Demo@2026', '198.51.100.9, 10.9.7.7')).status).toBe(429);
    expect((await login('kdd_officer', 'Demo@2026', '10.9.7.7, 10.9.7.8')).status).toBe(200);
  });

  it('limits SMS codes per client address across mobiles and both purposes, as it does logins', async () => {
    const ask = (ip: string, i: number) =>
      i % 2 === 0
        ? platform.api('/api/v1/enterprises/registrations/mobile-code', { body: { mobile: `1370000${1000 + i}` }, headers: { 'x-forwarded-for': ip } })
        : platform.api('/api/v1/auth/password-reset/code', { body: { username: 'nobody', mobile: `1370000${1000 + i}` }, headers: { 'x-forwarded-for': ip } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await ask('203.0.113.50', i)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 429, 429]);
    const refused = await ask('203.0.113.50', 6);
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect(await refused.json()).toMatchObject({ code: 'SMS_IP_HOURLY_LIMIT' });
    expect((await ask('203.0.113.51', 7)).status).toBe(202);
  });

  it('a successful login clears the account failures', async () => {
    for (let i = 0; i < 2; i++) expect((await login('abc_officer', 'nope-nope1', '10.0.1.1')).status).toBe(401);
    expect((await login('abc_officer', 'Demo@2026', '10.0.1.1')).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await login('abc_officer', 'nope-nope1', '10.0.1.2')).status).toBe(401);
    expect((await login('abc_officer', 'Demo@2026', '10.0.1.2')).status).toBe(200);
  });

  it('refuses /me without a token, with a malformed header and with a forged token', async () => {
    expect(await (await platform.api('/api/v1/me')).json()).toMatchObject({ status: 401, code: 'AUTH_REQUIRED' });
    const malformed = await platform.api('/api/v1/me', { headers: { authorization: 'Bearer' } });
    expect(await malformed.json()).toMatchObject({ status: 401, code: 'AUTH_HEADER_INVALID' });
    const forged = await platform.api('/api/v1/me', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' });
    expect(await forged.json()).toMatchObject({ status: 401, code: 'TOKEN_INVALID' });
  });
});

describe('sessions: refresh, reuse detection, logout and logout everywhere', () => {
  interface Grant {
    accessToken: string;
    refreshToken: string;
    expiresIn: number;
    refreshExpiresIn: number;
  }
  const signIn = async (username: string) => (await (await login(username, 'Demo@2026', '10.7.0.1')).json()) as Grant;
  const refresh = (refreshToken: string) => platform.api('/api/v1/auth/refresh', { body: { refreshToken } });
  const me = (token: string) => platform.api('/api/v1/me', { token });

  it('issues a 15-minute access token with a refresh token, stored only as a digest', async () => {
    const grant = await signIn('kdd_officer');
    expect(grant.expiresIn).toBe(900);
    expect(grant.refreshToken).toMatch(/^rt_/);
    expect(grant.refreshExpiresIn).toBe(platform.config.sessions.refreshTtlSeconds);
    const stored = await platform.database.knex('refresh_tokens').select('token_hash');
    expect(stored.some((r: { token_hash: string }) => r.token_hash === grant.refreshToken)).toBe(false);
  });

  it('rotates the refresh token on use; using an old one again ends the whole login', async () => {
    const first = await signIn('tax_feed');
    const res = await refresh(first.refreshToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const second = (await res.json()) as Grant;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await me(second.accessToken)).status).toBe(200);

    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
    // The thief's replay also ends the rightful holder's chain.
    expect(await (await refresh(second.refreshToken)).json()).toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
    expect(await (await refresh('rt_never-issued')).json()).toMatchObject({ status: 401, code: 'REFRESH_TOKEN_INVALID' });
  });

  it('logout ends that login only', async () => {
    const a = await signIn('rsj_feed');
    const b = await signIn('rsj_feed');
    expect((await platform.api('/api/v1/auth/logout', { body: { refreshToken: a.refreshToken } })).status).toBe(204);
    expect(await (await refresh(a.refreshToken)).json()).toMatchObject({ status: 401 });
    expect((await refresh(b.refreshToken)).status).toBe(200);
  });

  it('logout everywhere refuses every earlier access and refresh token of the user, not of others', async () => {
    const a = await signIn('gjj_feed');
    const b = await signIn('gjj_feed');
    const other = await signIn('credit_feed');
    expect((await platform.api('/api/v1/auth/logout-all', { method: 'POST', token: a.accessToken })).status).toBe(204);
    for (const grant of [a, b]) {
      expect(await (await me(grant.accessToken)).json()).toMatchObject({ status: 401, code: 'TOKEN_REVOKED' });
      expect((await refresh(grant.refreshToken)).status).toBe(401);
    }
    expect((await me(other.accessToken)).status).toBe(200);
    const again = await signIn('gjj_feed');
    expect((await me(again.accessToken)).status).toBe(200);
  });
});

describe('POST /api/v1/auth/password', () => {
  it('applies the password rules, ends the other sessions and returns a new one', async () => {
    const old = (await (await login('court_feed', 'Demo@2026', '10.8.0.1')).json()) as { accessToken: string; refreshToken: string };
    const change = (body: object) => platform.api('/api/v1/auth/password', { body, token: old.accessToken, headers: { 'x-forwarded-for': '10.8.0.1' } });

    const wrong = await change({ currentPassword: 'not-it-1A', newPassword: 'Lantern-Quay-9' });
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toMatchObject({ code: 'CURRENT_PASSWORD_WRONG', errors: [{ field: 'currentPassword' }] });
    for (const [newPassword, code] of [
      ['Password1', 'PASSWORD_TOO_COMMON'],
      ['court_feed-X1', 'PASSWORD_CONTAINS_USERNAME'],
      ['Demo@2026', 'PASSWORD_UNCHANGED'],
    ]) {
      const res = await change({ currentPassword: 'Demo@2026', newPassword });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ errors: [{ field: 'newPassword', code, message: expect.stringMatching(/密码/) }] });
    }

    const ok = await change({ currentPassword: 'Demo@2026', newPassword: 'Lantern-Quay-9' });
    expect(ok.status).toBe(200);
    const fresh = (await ok.json()) as { accessToken: string };
    expect((await platform.api('/api/v1/me', { token: fresh.accessToken })).status).toBe(200);
    expect(await (await platform.api('/api/v1/me', { token: old.accessToken })).json()).toMatchObject({ code: 'TOKEN_REVOKED' });
    expect((await platform.api('/api/v1/auth/refresh', { body: { refreshToken: old.refreshToken } })).status).toBe(401);
    expect((await login('court_feed', 'Demo@2026', '10.8.0.2')).status).toBe(401);
    expect((await login('court_feed', 'Lantern-Quay-9', '10.8.0.2')).status).toBe(200);
  });

  it("is not refused for a stranger's failures from another address", async () => {
    const own = (await (await login('hsfg_admin', 'Demo@2026', '10.8.1.1')).json()) as { accessToken: string };
    for (let i = 0; i < 3; i++) expect((await login('hsfg_admin', `guess-${i}-pass`, '203.0.113.80')).status).toBe(401);
    const res = await platform.api('/api/v1/auth/password', {
      body: { currentPassword: 'Demo@2026', newPassword: 'Lantern-Quay-9' },
      token: own.accessToken,
      headers: { 'x-forwarded-for': '10.8.1.1' },
    });
    expect(res.status).toBe(200);
  });
});

describe('POST /api/v1/me/setup-steps (开始使用)', () => {
  it("records steps for the caller's institution, listed in /me for all its people, once each; an enterprise has none", async () => {
    const officer = await platform.login('gjj_feed');
    const record = (token: string, body: unknown) => platform.api('/api/v1/me/setup-steps', { token, body });
    const me = async (token: string) => ((await (await platform.api('/api/v1/me', { token })).json()) as { setupStepsDone: string[] }).setupStepsDone;
    expect(await me(officer)).toEqual([]);
    expect((await record(officer, { steps: ['first-batch'] })).status).toBe(204);
    expect((await record(officer, { steps: ['first-batch', 'people'] })).status).toBe(204);
    expect(await me(officer)).toEqual(['first-batch', 'people']);
    // Another institution's people see their own steps only.
    expect(await me(await platform.login('rsj_feed'))).toEqual([]);

    const bad = await record(officer, { steps: ['everything'] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ field: expect.stringMatching(/^steps/) }] });
    const enterprise = await platform.login(platform.demo!.accounts.find((a) => a.role === 'enterprise')!.username);
    expect((await record(enterprise, { steps: ['people'] })).status).toBe(403);
    expect(await me(enterprise)).toEqual([]);
  });
});
