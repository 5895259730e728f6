import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BankSimulator } from '../bank-adapters/simulator/bank-simulator.js';
import { institutionAdminOf } from './helpers/institution-admin.js';
import { demoEnterpriseLogin, eventually, publishedProduct } from './helpers/lending-fixtures.js';
import { Sm4FieldCipher } from '../src/platform/national-crypto.js';
import { startTestPlatform, TEST_SM4_KEY, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;
let simulator: BankSimulator;
let simulatorUrl: string;
let abcAdmin: string;
let abcId: string;
let psbcAdmin: string;
let psbcId: string;
let ccbId: string;

const API_KEY = 'abc-issued-api-key-0123456789';

beforeAll(async () => {
  platform = await startTestPlatform({ OUTBOX_POLL_MS: '20', SCHEDULER_ENABLED: 'false' });
  simulator = new BankSimulator({ banks: [], retryScale: 0.00002 });
  simulatorUrl = await simulator.start();
  const abc = await institutionAdminOf(platform, 'ABC_HS');
  const psbc = await institutionAdminOf(platform, 'PSBC_HS');
  [abcAdmin, abcId, psbcAdmin, psbcId] = [abc.accessToken, abc.institutionId, psbc.accessToken, psbc.institutionId];
  ccbId = (await platform.database.knex('institutions').where({ code: 'CCB_HS' }).first('id')).id;
});
afterAll(async () => {
  await platform?.close();
  await simulator?.stop();
});

const put = (id: string, token: string, body: unknown) => platform.api(`/api/v1/bank-connections/${id}`, { method: 'PUT', token, body });
const jsonOptions = (extra: Record<string, unknown> = {}) => ({ baseUrl: `${simulatorUrl}/banks/ABC_HS`, timeoutMs: 2000, ...extra });
const fields = async (res: Response) => ((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field);

describe('bank connections', () => {
  it('computes 已对接: the demo banks passed their connection test at boot, the others have no connection', async () => {
    const admin = await platform.login('admin');
    const { items } = (await (await platform.api('/api/v1/institutions', { token: admin })).json()) as { items: { code: string; connected: boolean }[] };
    const connected = Object.fromEntries(items.map((i) => [i.code, i.connected]));
    expect(connected).toMatchObject({ ICBC_HS: true, CCB_HS: true, HBB_HS: true, HSRCB: true, ABC_HS: false, PSBC_HS: false, HSFG: false });
  });

  it('lets only the bank’s own institution admin or the platform admin see or change it', async () => {
    expect((await platform.api(`/api/v1/bank-connections/${abcId}`, { token: abcAdmin })).status).toBe(200);
    expect((await platform.api(`/api/v1/bank-connections/${ccbId}`, { token: abcAdmin })).status).toBe(403);
    expect((await put(ccbId, abcAdmin, { protocol: 'json-webhooks', options: {} })).status).toBe(403);
    expect((await platform.api(`/api/v1/bank-connections/${ccbId}/test`, { method: 'POST', token: abcAdmin })).status).toBe(403);
    const officer = await platform.login('abc_officer');
    expect((await platform.api(`/api/v1/bank-connections/${abcId}`, { token: officer })).status).toBe(403);
    const admin = await platform.login('admin');
    expect((await platform.api(`/api/v1/bank-connections/${ccbId}`, { token: admin })).status).toBe(200);
    const own = (await (await platform.api('/api/v1/bank-connections', { token: abcAdmin })).json()) as { items: { bankCode: string }[] };
    expect(own.items.map((i) => i.bankCode)).toEqual(['ABC_HS']);
    const all = (await (await platform.api('/api/v1/bank-connections', { token: admin })).json()) as { items: { bankCode: string }[] };
    expect(all.items.length).toBe(6);
  });

  it('names the field at fault: protocol, the adapter’s own options, secrets, the egress policy, the SM2 key', async () => {
    const cases: [unknown, string[]][] = [
      [{ protocol: 'carrier-pigeon', options: {} }, ['protocol']],
      [{ protocol: 'json-webhooks', options: jsonOptions({ baseUrl: 'not a url' }), secrets: { apiKey: API_KEY } }, ['options.baseUrl']],
      [{ protocol: 'json-webhooks', options: jsonOptions({ timeoutMs: 5 }) }, ['secrets.apiKey', 'options.timeoutMs']],
      [{ protocol: 'json-webhooks', options: jsonOptions({ apiKey: API_KEY }) }, ['options.apiKey']],
      [{ protocol: 'json-webhooks', options: jsonOptions({ timeout: 5 }), secrets: { apiKey: API_KEY } }, ['options.timeout']],
      [{ protocol: 'json-webhooks', options: jsonOptions(), secrets: { apiKey: API_KEY, sm4Key: '00112233445566778899aabbccddeeff' } }, ['secrets.sm4Key']],
      [{ protocol: 'json-webhooks', options: jsonOptions({ baseUrl: 'https://169.254.169.254/' }), secrets: { apiKey: API_KEY } }, ['options.baseUrl']],
      [{ protocol: 'cn-open-platform-sm', options: { baseUrl: simulatorUrl, appId: 'XYD0001' }, bankPublicKey: `04${'1'.repeat(128)}` }, ['bankPublicKey']],
      [{ protocol: 'cn-open-platform-sm', options: { baseUrl: simulatorUrl, appId: 'XYD0001' }, secrets: { sm4Key: 'short' } }, ['secrets.sm4Key', 'bankPublicKey']],
      // Every stage at fault is named in one answer: a misplaced secret, an unknown secret, a bad key and a bad option.
      [
        { protocol: 'cn-open-platform-sm', options: { baseUrl: 'not a url', appId: 'XYD0001', sm4Key: '00112233445566778899aabbccddeeff' }, secrets: { apiKey: API_KEY }, bankPublicKey: `04${'1'.repeat(128)}` },
        ['options.sm4Key', 'secrets.apiKey', 'bankPublicKey', 'options.baseUrl'],
      ],
    ];
    for (const [body, expected] of cases) {
      const res = await put(abcId, abcAdmin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { errors: { field: string; message: string }[] };
      expect(problem.errors.map((e) => e.field).sort(), JSON.stringify(body)).toEqual(expected.sort());
      // The bank's administrator reads these in the portal: our own words, in Chinese.
      for (const e of problem.errors) expect(e.message, e.field).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await platform.api(`/api/v1/bank-connections/${abcId}`, { token: abcAdmin }).then((r) => r.json())) as { configured: boolean }).toMatchObject({ configured: false });
  });

  it('stores secrets SM4-encrypted and shows them once; a JSON-webhook bank is tested and reached with no restart', async () => {
    const saved = await put(abcId, abcAdmin, { protocol: 'json-webhooks', options: jsonOptions(), secrets: { apiKey: API_KEY } });
    expect(saved.status).toBe(200);
    const { connection, secrets } = (await saved.json()) as { connection: Record<string, unknown>; secrets: { apiKey: string; webhookSecrets: string[] } };
    expect(secrets.apiKey).toBe(API_KEY);
    expect(secrets.webhookSecrets[0]).toMatch(/^whsec_/);
    expect(connection).toMatchObject({ configured: true, protocol: 'json-webhooks', connected: false, callbackPath: '/api/v1/callbacks/banks/ABC_HS' });
    const shown = await (await platform.api(`/api/v1/bank-connections/${abcId}`, { token: abcAdmin })).text();
    expect(shown).not.toContain(API_KEY);
    expect(shown).not.toContain(secrets.webhookSecrets[0]!.slice(6, 30));
    expect(JSON.parse(shown).maskedSecrets.apiKey).toMatch(/^••••/);
    const stored = await platform.database.knex('bank_connections').where({ institution_id: abcId }).first('secrets_enc');
    expect(stored.secrets_enc).toMatch(/^sm4k:k1:/);
    expect(stored.secrets_enc).not.toContain(API_KEY);

    // Saving again without secrets keeps them and reveals nothing.
    const again = (await (await put(abcId, abcAdmin, { protocol: 'json-webhooks', options: jsonOptions({ timeoutMs: 3000 }) })).json()) as { secrets: object };
    expect(again.secrets).toEqual({});

    const test = async () => (await (await platform.api(`/api/v1/bank-connections/${abcId}/test`, { method: 'POST', token: abcAdmin })).json()) as { ok: boolean; message: string };
    // The bank does not know these credentials yet: the signed round trip fails, and says so in Chinese.
    const failed = await test();
    expect(failed.ok).toBe(false);
    expect(failed.message).toMatch(/^连接失败/);
    simulator.addBank({ bankCode: 'ABC_HS', protocol: 'json-webhooks', callbackUrl: `${platform.url.replace('localhost', '127.0.0.1')}/api/v1/callbacks/banks/ABC_HS`, apiKey: API_KEY, webhookSecret: secrets.webhookSecrets[0]! });
    expect(await test()).toMatchObject({ ok: true, message: expect.stringMatching(/^连接正常/) });
    const view = (await (await platform.api(`/api/v1/bank-connections/${abcId}`, { token: abcAdmin })).json()) as Record<string, unknown>;
    expect(view).toMatchObject({ connected: true, lastTest: { ok: true } });

    // An application to ABC_HS now goes to the bank and comes back through its signed callbacks.
    const productId = await publishedProduct(platform, 'abc_officer');
    const sme = await platform.login(demoEnterpriseLogin(platform));
    const res = await platform.api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '200000', termMonths: 12, purpose: '采购原材料' } });
    expect(res.status).toBe(201);
    const { id } = ((await res.json()) as { application: { id: string } }).application;
    await eventually(async () => simulator.application(id)?.status, (s) => s === 'disbursed');
    await eventually(
      async () => ((await (await platform.api(`/api/v1/loan-applications/${id}`, { token: sme })).json()) as { application: { status: string } }).application.status,
      (s) => s === 'DISBURSED',
    );
  });

  it('exchanges SM2 keys for an open-platform bank: the bank’s key uploaded, the platform’s downloaded', async () => {
    const { keys } = (await (await platform.api('/api/v1/platform/keys')).json()) as { keys: { publicKey: string }[] };
    const saved = await put(psbcId, psbcAdmin, { protocol: 'cn-open-platform-sm', options: { baseUrl: `${simulatorUrl}/banks/PSBC_HS`, appId: 'XYDPSBC01', timeoutMs: 2000 } });
    expect(saved.status).toBe(400);
    expect(await fields(saved)).toEqual(['bankPublicKey']);
    const sm4Key = '00112233445566778899aabbccddeeff';
    const registered = await fetch(`${simulatorUrl}/_control/banks/PSBC_HS`, {
      method: 'PUT',
      body: JSON.stringify({ protocol: 'cn-open-platform-sm', callbackUrl: `${platform.url}/api/v1/callbacks/banks/PSBC_HS`, appId: 'XYDPSBC01', sm4Key, platformPublicKey: keys[0]!.publicKey }),
    });
    const { bankPublicKey } = (await registered.json()) as { bankPublicKey: string };
    const ok = await put(psbcId, psbcAdmin, {
      protocol: 'cn-open-platform-sm',
      options: { baseUrl: `${simulatorUrl}/banks/PSBC_HS`, appId: 'XYDPSBC01', timeoutMs: 2000 },
      secrets: { sm4Key },
      bankPublicKey,
    });
    expect(ok.status).toBe(200);
    const test = (await (await platform.api(`/api/v1/bank-connections/${psbcId}/test`, { method: 'POST', token: psbcAdmin })).json()) as { ok: boolean };
    expect(test.ok).toBe(true);
    const admin = await platform.login('admin');
    const { items } = (await (await platform.api('/api/v1/institutions?type=bank', { token: admin })).json()) as { items: { code: string; connected: boolean }[] };
    expect(items.find((i) => i.code === 'PSBC_HS')?.connected).toBe(true);
  });

  it('two saves at once (重新生成 twice): each secret an answer showed is one the platform accepts', async () => {
    // Before, both read the same stored list and the second wrote its own secret beside the one
    // both replaced: the secret the first answer showed, copied into the bank's system, was refused.
    const body = { protocol: 'json-webhooks', options: { baseUrl: `${simulatorUrl}/banks/PSBC_HS`, timeoutMs: 2000 }, secrets: { apiKey: API_KEY } };
    expect((await put(psbcId, psbcAdmin, body)).status).toBe(200);
    const stored = async () => {
      const row = await platform.database.knex('bank_connections').where({ institution_id: psbcId }).first('secrets_enc');
      return (JSON.parse(new Sm4FieldCipher(Buffer.from(TEST_SM4_KEY, 'hex')).decrypt(row.secrets_enc)) as { webhookSecrets: string[] }).webhookSecrets;
    };
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([1, 2].map(() => put(psbcId, psbcAdmin, { ...body, regenerate: ['webhookSecrets'] })));
      const shown = await Promise.all(answers.map(async (res) => ((await res.json()) as { secrets: { webhookSecrets: string[] } }).secrets.webhookSecrets[0]!));
      expect(await stored(), `round ${round}`).toEqual(expect.arrayContaining(shown));
    }
  });
});
