import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedMobile } from './helpers/registration-code.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ BODY_LIMIT_KB: '4' });
});
afterAll(() => platform.close());

/** Every error leaves as RFC 9457 problem+json with these members, and the request id is echoed. */
async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ type: `urn:xinyidai:problem:${code}`, status, code, requestId: res.headers.get('x-request-id') });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(Array.isArray(body.errors)).toBe(true);
  return body;
}

const registration = {
  uscc: '914403001922038216',
  name: '华为技术有限公司',
  legalRepresentative: '某人',
  contactName: '某人',
  contactMobile: '13800000000',
  mobileCode: '000000',
  password: 'Passw0rd1',
};

describe('problem+json', () => {
  it('400 names the bad field', async () => {
    const body = await expectProblem(
      await platform.api('/api/v1/enterprises/registrations', { body: { ...registration, contactMobile: 'x' } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.errors).toEqual([expect.objectContaining({ field: 'contactMobile' })]);
  });

  it('400 names uscc for a credit code with a wrong check character, wherever a route takes one', async () => {
    // The check character of 914403001922038216 is 6: with 7 no enterprise can have it, so it is
    // told apart from one that did not authorise (403) or is not in the register (404).
    const mistyped = '914403001922038217';
    const [admin, officer] = [await platform.login('admin'), await platform.login('icbc_officer')];
    for (const [path, token] of [
      [`/api/v1/market-entities/${mistyped}`, admin],
      [`/api/v1/institution/enterprises/${mistyped}/profile?purpose=loan_application`, officer],
      [`/api/v1/institution/enterprises/${mistyped}/credit-report?purpose=loan_application`, officer],
    ] as const) {
      const body = await expectProblem(await platform.api(path, { token }), 400, 'VALIDATION_FAILED');
      expect(body.errors, path).toEqual([expect.objectContaining({ field: 'uscc', code: 'USCC_CHECK_DIGIT' })]);
    }
  });

  it('400 for malformed JSON', async () => {
    await expectProblem(await platform.api('/api/v1/auth/token', { body: '{"username":' }), 400, 'MALFORMED_JSON');
  });

  it('400 naming content-type for a body in a type the operation does not take', async () => {
    // Before: the body was left unread and the answer said every field was missing.
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const text = type.endsWith('urlencoded') ? new URLSearchParams({ username: 'admin', password: 'Demo@2026' }).toString() : JSON.stringify(registration);
      const path = type.endsWith('urlencoded') ? '/api/v1/auth/token' : '/api/v1/enterprises/registrations';
      const body = await expectProblem(await platform.api(path, { body: text, headers: { 'content-type': type } }), 400, 'UNSUPPORTED_MEDIA_TYPE');
      expect(body.errors).toEqual([expect.objectContaining({ field: 'content-type' })]);
    }
    const untyped = await fetch(`${platform.url}/api/v1/auth/token`, { method: 'POST', body: new Blob(['{"username":"admin","password":"Demo@2026"}']) });
    expect(((await untyped.json()) as { code: string }).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    // JSON with a charset, and the OAuth token endpoint's form, are what the operations take.
    expect((await platform.api('/api/v1/auth/token', { body: { username: 'admin', password: 'Demo@2026' }, headers: { 'content-type': 'application/json; charset=utf-8' } })).status).toBe(200);
    const oauth = await platform.api('/api/v1/oauth/token', { body: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(((await oauth.json()) as { code: string }).code).not.toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('400 for a body in another charset than UTF-8, or bytes that are not UTF-8: nothing is stored as U+FFFD', async () => {
    // Before: the body was read as UTF-8 whatever it declared, GBK text became U+FFFD and was
    // stored (a loan purpose "�����豸") with 200.
    const login = (body: Blob | string, type: string) =>
      fetch(`${platform.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': type }, body });
    const ascii = '{"username":"admin","password":"Demo@2026"}';
    for (const type of ['application/json; charset=GBK', 'application/json;charset="gb18030"', 'application/x-www-form-urlencoded; charset=gbk']) {
      const body = await expectProblem(await login(ascii, type), 400, 'UNSUPPORTED_CHARSET');
      expect(body.errors).toEqual([expect.objectContaining({ field: 'content-type', code: 'UNSUPPORTED_CHARSET' })]);
    }
    // "张三" in GBK, sent without a charset: not UTF-8.
    const gbk = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from('","password":"Demo@2026"}')]);
    const body = await expectProblem(await login(new Blob([gbk]), 'application/json'), 400, 'INVALID_ENCODING');
    expect(body.errors).toEqual([expect.objectContaining({ field: 'body', code: 'INVALID_ENCODING' })]);
    // UTF-8, declared or not, in any spelling, is what every operation takes.
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF8']) {
      expect((await login(ascii, type)).status, type).toBe(200);
    }
  });

  it('401 without a token', async () => {
    await expectProblem(await platform.api('/api/v1/me'), 401, 'AUTH_REQUIRED');
  });

  it('403 for a role that may not read the register', async () => {
    const token = await platform.login('icbc_officer');
    await expectProblem(await platform.api('/api/v1/market-entities/914403001922038216', { token }), 403, 'ROLE_FORBIDDEN');
  });

  it('404 for an unknown route and for a missing resource', async () => {
    await expectProblem(await platform.api('/api/v1/no-such-thing'), 404, 'ROUTE_NOT_FOUND');
    const token = await platform.login('admin');
    await expectProblem(await platform.api('/api/v1/market-entities/914403001922038216', { token }), 404, 'ENTITY_NOT_IN_REGISTER');
  });

  it('405 for a wrong method', async () => {
    await expectProblem(await platform.api('/api/v1/me', { method: 'DELETE' }), 405, 'METHOD_NOT_ALLOWED');
  });

  it('409 for a duplicate registration', async () => {
    const enterprise = platform.demo!.accounts.find((a) => a.role === 'enterprise')!;
    const entity = await platform.database.knex('market_entities').where({ uscc: enterprise.username }).first();
    await expectProblem(
      await platform.api('/api/v1/enterprises/registrations', {
        body: { ...registration, ...(await verifiedMobile(platform)), uscc: entity.uscc, name: entity.name, legalRepresentative: entity.legal_representative },
      }),
      409,
      'ENTERPRISE_ALREADY_REGISTERED',
    );
  });

  it('413 for a body over the limit', async () => {
    await expectProblem(
      await platform.api('/api/v1/enterprises/registrations', { body: { ...registration, name: '长'.repeat(5_000) } }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('422 for a business-rule refusal', async () => {
    // The register's verdict is told only to a valid SMS code.
    await expectProblem(await platform.api('/api/v1/enterprises/registrations', { body: { ...registration, ...(await verifiedMobile(platform)) } }), 422, 'ENTITY_NOT_IN_REGISTER');
  });

  it('keeps a sane caller request id and replaces a bad one', async () => {
    const kept = await platform.api('/api/v1/no-such-thing', { headers: { 'x-request-id': 'bank-req-12345678' } });
    expect(kept.headers.get('x-request-id')).toBe('bank-req-12345678');
    const replaced = await platform.api('/api/v1/no-such-thing', { headers: { 'x-request-id': 'bad id <script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document and the offline docs page', async () => {
    const spec = (await (await platform.api('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toContain('/api/v1/enterprises/registrations');
    const docs = await platform.api('/docs');
    expect(await docs.text()).toContain('swagger-ui-bundle.js');
    expect((await platform.api('/docs/swagger-ui-bundle.js')).status).toBe(200);
  });
});
