import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineClient } from './helpers/access-fixtures.js';
import { institutionId, registerEnterprises } from './helpers/consent-fixtures.js';
import { productIdsByBankCode, productInput, productLike } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * An enterprise's accounts could create without end: each 开具信用报告 rendered a PDF (about 60 kB,
 * half a second of CPU) and kept it, and questions, consents, self-reported items and files piled
 * up as fast as they were sent. Every operation the spec says answers 201 now counts against one
 * budget per enterprise and window; past it 429 before the route runs (decision 0049).
 */
const LIMIT = 3;

interface SpecOperation {
  operationId?: string;
  responses?: Record<string, unknown>;
  security?: unknown[];
  parameters?: { $ref?: string }[];
  requestBody?: { content?: Record<string, unknown> };
}
const read = (file: string) => parse(readFileSync(new URL(`../specs/${file}`, import.meta.url), 'utf8')) as unknown;
const spec = read('dist/openapi.bundle.yaml') as { paths: Record<string, Record<string, SpecOperation>> };
const matrix = read('authorization-matrix.yaml') as { operations: Record<string, { allow: string[] }> };
/** What an enterprise's account may call that answers 201 (public operations act for no account): the spec and the authorisation matrix say, not a list here. */
const enterpriseCreating = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([, op]) => op.operationId && op.responses && '201' in op.responses && op.security?.length !== 0 && matrix.operations[op.operationId]?.allow.includes('enterprise'))
    .map(([method, op]) => ({ id: op.operationId!, method: method.toUpperCase(), path, mediaType: Object.keys(op.requestBody?.content ?? {})[0], declares429: '429' in op.responses!,
      idempotent: op.parameters?.some((p) => p.$ref === '#/components/parameters/IdempotencyKey') ?? false,
    })),
);

/**
 * What a bank's or guarantee company's people and machine clients may call that answers 201: the
 * matrix's lending callers, and the operations of the institution's 机构管理员 (not a matrix caller:
 * machine clients, their secrets, invitations).
 */
const LENDING_CALLERS = /^(bank_officer|guarantee_officer|bank_client\/|guarantee_client\/)/;
const INSTITUTION_ADMIN_CREATING = ['createInstitutionClient', 'addClientSecret', 'invitePerson'];
const lenderCreating = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([, op]) => op.operationId && op.responses && '201' in op.responses && op.security?.length !== 0)
    .filter(([, op]) => INSTITUTION_ADMIN_CREATING.includes(op.operationId!) || matrix.operations[op.operationId!]?.allow.some((caller) => LENDING_CALLERS.test(caller)))
    .map(([method, op]) => ({
      id: op.operationId!,
      method: method.toUpperCase(),
      path,
      mediaType: Object.keys(op.requestBody?.content ?? {})[0],
      declares429: '429' in op.responses!,
      caller: INSTITUTION_ADMIN_CREATING.includes(op.operationId!) ? 'admin' : matrix.operations[op.operationId!]!.allow.includes('bank_officer') ? 'bank' : 'guarantee',
    })),
);

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({
    SCHEDULER_ENABLED: 'false',
    ENTERPRISE_CREATIONS_MAX_PER_WINDOW: String(LIMIT),
    ENTERPRISE_CREATIONS_WINDOW_SECONDS: '600',
    INSTITUTION_CREATIONS_MAX_PER_WINDOW: String(LIMIT),
    INSTITUTION_CREATIONS_WINDOW_SECONDS: '600',
  });
});
afterAll(() => platform?.close());

const answer = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { code?: string }).code, retryAfter: res.headers.get('retry-after') });
const issueReport = (token: string) => platform.api('/api/v1/me/credit-reports', { method: 'POST', token });

describe('what one enterprise may create in a window', () => {
  it('credit reports are issued up to the limit, then 429 with Retry-After and nothing rendered or kept; other firms are not held back', async () => {
    const [firm, other] = await registerEnterprises(platform, 2);
    for (let i = 0; i < LIMIT; i++) expect((await issueReport(firm!.token)).status).toBe(201);
    const refused = await answer(await issueReport(firm!.token));
    expect(refused).toMatchObject({ status: 429, code: 'ENTERPRISE_CREATIONS_RATE_LIMITED' });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(600);
    const kept = await platform.database.knex('credit_reports').where({ uscc: firm!.uscc }).count({ n: '*' });
    expect(Number(kept[0]!.n)).toBe(LIMIT);
    // One budget for every kind of creation, and reading is not limited.
    const question = await platform.api('/api/v1/me/qa/questions', { token: firm!.token, body: { title: '贷款利率怎么算', body: '请问贴息怎么计算？' } });
    expect(await answer(question)).toMatchObject({ status: 429, code: 'ENTERPRISE_CREATIONS_RATE_LIMITED' });
    expect((await platform.api('/api/v1/me', { token: firm!.token })).status).toBe(200);
    expect((await issueReport(other!.token)).status).toBe(201);
  });

  it('the replay of an Idempotency-Key answers the first creation again and does not count', async () => {
    const [firm] = await registerEnterprises(platform, 1);
    const productId = await productLike(platform, (await productIdsByBankCode(platform, firm!.token)).get('CCB_HS')!);
    const apply = () =>
      platform.api('/api/v1/loan-applications', { token: firm!.token, headers: { 'Idempotency-Key': 'budget-replay-1' }, body: { productId, amount: '200000', termMonths: 12, purpose: '购买设备' } });
    expect((await apply()).status).toBe(201);
    const replay = await apply();
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const counted = await platform.database.knex('enterprise_creations as c').join('enterprises as e', 'e.id', 'c.enterprise_id').where('e.uscc', firm!.uscc).count({ n: '*' });
    expect(Number(counted[0]!.n)).toBe(1);
  });

  it('past the budget, the replay of an Idempotency-Key still gets its first 201; a new key or another body does not', async () => {
    const [firm] = await registerEnterprises(platform, 1);
    const products = await productIdsByBankCode(platform, firm!.token);
    const productId = await productLike(platform, products.get('CCB_HS')!);
    const apply = (key: string, amount = '200000') =>
      platform.api('/api/v1/loan-applications', { token: firm!.token, headers: { 'Idempotency-Key': key }, body: { productId, amount, termMonths: 12, purpose: '购买设备' } });
    const first = await apply('budget-spent-1');
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string };
    for (let i = 1; i < LIMIT; i++) expect((await issueReport(firm!.token)).status).toBe(201);
    expect(await answer(await issueReport(firm!.token))).toMatchObject({ status: 429, code: 'ENTERPRISE_CREATIONS_RATE_LIMITED' });
    const replay = await apply('budget-spent-1');
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as { id: string }).id).toBe(created.id);
    expect(await answer(await apply('budget-spent-2'))).toMatchObject({ status: 429, code: 'ENTERPRISE_CREATIONS_RATE_LIMITED' });
    expect(await answer(await apply('budget-spent-1', '300000'))).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    // Past the budget such an operation's route answers only replays: each one is proven above with a valid body.
    expect(enterpriseCreating.filter((o) => o.idempotent).map((o) => o.id)).toEqual(['applyForLoan']);
  });

  it('a refused or failed request does not count', async () => {
    const [firm] = await registerEnterprises(platform, 1);
    for (let i = 0; i < LIMIT + 2; i++) {
      const bad = await platform.api('/api/v1/me/qa/questions', { token: firm!.token, body: { title: '' } });
      expect(bad.status).toBe(400);
    }
    expect((await issueReport(firm!.token)).status).toBe(201);
  });

  it('every operation an enterprise may call that answers 201 says so in the spec and is refused once the budget is spent', async () => {
    expect(enterpriseCreating.filter((o) => !o.declares429).map((o) => o.id)).toEqual([]);
    expect(enterpriseCreating.map((o) => o.id)).toEqual(expect.arrayContaining(['issueOwnCreditReport', 'askQuestion', 'grantConsent', 'uploadApplicationDocument']));
    const [firm] = await registerEnterprises(platform, 1);
    for (let i = 0; i < LIMIT; i++) expect((await issueReport(firm!.token)).status).toBe(201);
    const notLimited: string[] = [];
    for (const op of enterpriseCreating) {
      const url = op.path.replace(/\{\w+\}/g, () => randomUUID());
      const json = op.mediaType === undefined || op.mediaType === 'application/json';
      const res = await platform.api(url, {
        method: op.method,
        token: firm!.token,
        ...(op.mediaType === undefined ? {} : { body: json ? '{}' : 'x', headers: { 'content-type': op.mediaType } }),
      });
      const got = await answer(res);
      if (got.status !== 429 || got.code !== 'ENTERPRISE_CREATIONS_RATE_LIMITED') notLimited.push(`${op.id}: ${got.status} ${got.code}`);
    }
    expect(notLimited).toEqual([]);
  });
});

describe('what one lending institution may create in a window', () => {
  it("a bank's machine client and officers share one budget: past it 429 before anything is kept; other institutions are not held back", async () => {
    // Before, a stolen products:write key created loan products without end.
    const admin = await platform.login('ccb_admin');
    const client = await machineClient(platform, admin, ['products:write']);
    const ccb = await institutionId(platform, 'CCB_HS');
    const products = async () => Number((await platform.database.knex('loan_products').where({ bank_id: ccb }).count({ n: '*' }))[0]!.n);
    const before = await products();
    const create = (token: string, name: string) => platform.api('/api/v1/loan-products', { token, body: productInput({ name }) });
    // The client itself was the first creation of the bank's budget.
    for (let i = 1; i < LIMIT; i++) expect((await create(client.token, `预算内产品${i}`)).status).toBe(201);
    const refused = await answer(await create(client.token, '超出预算的产品'));
    expect(refused).toMatchObject({ status: 429, code: 'INSTITUTION_CREATIONS_RATE_LIMITED' });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(600);
    expect(await products()).toBe(before + LIMIT - 1);
    // The bank's officer spends the same budget; reading is not limited; another bank creates.
    expect(await answer(await create(await platform.login('ccb_officer'), '柜员的产品'))).toMatchObject({ status: 429, code: 'INSTITUTION_CREATIONS_RATE_LIMITED' });
    expect((await platform.api('/api/v1/loan-products', { token: client.token })).status).not.toBe(429);
    expect((await create(await platform.login('icbc_officer'), '他行的产品')).status).toBe(201);
  });

  it('every operation a lender may call that answers 201 says so in the spec and is refused once the budget is spent', async () => {
    expect(lenderCreating.filter((o) => !o.declares429).map((o) => o.id)).toEqual([]);
    expect(lenderCreating.map((o) => o.id)).toEqual(expect.arrayContaining(['createLoanProduct', 'createGuaranteeProduct', 'trainPrecreditModel', 'answerQuestion', 'createInstitutionClient']));
    const tokens = { bank: await platform.login('hbb_officer'), admin: await platform.login('hbb_admin'), guarantee: await platform.login('kdd_officer') };
    // Spend both institutions' budgets as their creations would.
    const now = new Date();
    for (const code of ['HBB_HS', 'HBSTG_HS']) {
      const id = await institutionId(platform, code);
      await platform.database.knex('institution_creations').insert(Array.from({ length: LIMIT }, () => ({ institution_id: id, created_at: now })));
    }
    const notLimited: string[] = [];
    for (const op of lenderCreating) {
      const url = op.path.replace(/\{\w+\}/g, () => randomUUID());
      const json = op.mediaType === undefined || op.mediaType === 'application/json';
      const res = await platform.api(url, {
        method: op.method,
        token: tokens[op.caller as keyof typeof tokens],
        ...(op.mediaType === undefined ? {} : { body: json ? '{}' : 'x', headers: { 'content-type': op.mediaType } }),
      });
      const got = await answer(res);
      if (got.status !== 429 || got.code !== 'INSTITUTION_CREATIONS_RATE_LIMITED') notLimited.push(`${op.id}: ${got.status} ${got.code}`);
    }
    expect(notLimited).toEqual([]);
  });
});
