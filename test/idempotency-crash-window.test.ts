import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import bodyParser from '@koa/bodyparser';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../src/http/auth.js';
import { problemMiddleware } from '../src/http/problem-middleware.js';
import { applicationRoutes } from '../src/lending/applications/application-routes.js';
import { officerRoutes } from '../src/lending/applications/officer-routes.js';
import { productRoutes } from '../src/lending/products/product-routes.js';
import { FakeClock } from '../src/platform/clock.js';
import { IdempotencyService } from '../src/platform/idempotency/idempotency-service.js';
import { idempotencyStore } from '../src/platform/idempotency/idempotency-store.js';
import { createLogger } from '../src/platform/logger.js';
import { machineClient, publishedProductOf, submittedApplication } from './helpers/access-fixtures.js';
import { registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { productInput, productLike } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * An instance killed after a write committed and before its `Idempotency-Key` answer was stored.
 * The dying instance is the same routes over the same database, whose key store's `complete`
 * never happens and whose clock is two minutes behind, so its claim looks abandoned at once. The
 * retry, sent to the running platform, must get the write as it was applied, not a second effect
 * (a second application) or a 409 about its own first call.
 */
let platform: TestPlatform;
let sme: TestEnterprise;
let bank: string;
let productSystem: string;
let icbcProduct: string;
let dying: Server;
let dyingUrl: string;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  platform = await startTestPlatform({ BANK_SIMULATOR: 'false', SCHEDULER_ENABLED: 'false' });
  [sme] = (await registerEnterprises(platform, 1)) as [TestEnterprise];
  const admin = await platform.login('icbc_admin');
  bank = (await machineClient(platform, admin, ['applications:read', 'applications:write', 'loans:write'])).token;
  icbcProduct = await publishedProductOf(platform, 'ICBC_HS');
  productSystem = (await machineClient(platform, admin, ['products:write'], '产品管理系统')).token;
  const killedBeforeTheAnswer = {
    ...idempotencyStore,
    complete: () => Promise.reject(new Error('the process died before storing the answer')),
  };
  const idempotency = new IdempotencyService({
    db: platform.database.knex,
    store: killedBeforeTheAnswer,
    clock: new FakeClock(new Date(Date.now() - 120_000)),
  });
  const app = new Koa();
  app.silent = true;
  app.use(problemMiddleware(createLogger('silent')));
  app.use(authenticate(platform.services.sessions));
  app.use(bodyParser());
  const { loanApplications, products } = platform.services;
  for (const router of [applicationRoutes(loanApplications, idempotency), officerRoutes(loanApplications, idempotency), productRoutes(products, idempotency)]) {
    app.use(router.routes());
  }
  dying = createServer(app.callback());
  await new Promise<void>((resolve) => dying.listen(0, '127.0.0.1', resolve));
  dyingUrl = `http://127.0.0.1:${(dying.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => dying?.close(resolve));
  await platform?.close();
});

const send = (base: string, path: string, token: string, body: unknown, key: string) =>
  fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
    body: JSON.stringify(body),
  });

async function crashThenRetry(path: string, token: string, body: unknown, key: string): Promise<Response> {
  const crashed = await send(dyingUrl, path, token, body, key);
  expect(crashed.status, await crashed.text()).toBe(500);
  return send(platform.url, path, token, body, key);
}

describe('a write retried after its instance died between the commit and the stored answer', () => {
  it('answers the application the first call created, and creates no second one', async () => {
    const body = { productId: await productLike(platform, icbcProduct), amount: '300000', termMonths: 12, purpose: '购买设备', submit: true };
    const retry = await crashThenRetry('/api/v1/loan-applications', sme.token, body, 'create-1');
    const text = await retry.text();
    expect(retry.status, text).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const created = await platform.database.knex('loan_applications').where({ product_id: body.productId }).select('id');
    expect(created).toHaveLength(1);
    expect((JSON.parse(text) as { application: { id: string } }).application.id).toBe(created[0]!.id);
    // A later repeat is answered the same, byte for byte.
    expect(await (await send(platform.url, '/api/v1/loan-applications', sme.token, body, 'create-1')).text()).toBe(text);
  });

  it('answers an acceptance, a decision, a tranche and a repayment as applied, each once', async () => {
    const id = await submittedApplication(platform, sme.token, icbcProduct);
    const at = (action: string) => `/api/v1/bank/loan-applications/${id}/${action}`;
    const steps: [string, unknown, string][] = [
      ['accept', {}, 'ACCEPTED'],
      ['decision', { decision: 'approve', approvedAmount: '300000', approvedRate: '3.85', approvedTermMonths: 12 }, 'APPROVED'],
      ['disbursements', { reference: 'DB-1', amount: '100000', occurredOn: today }, 'DISBURSED'],
      ['repayments', { reference: 'RP-1', amount: '1000', occurredOn: today }, 'REPAYING'],
    ];
    for (const [action, body, status] of steps) {
      const retry = await crashThenRetry(at(action), bank, body, `${action}-1`);
      const text = await retry.text();
      expect(retry.status, `${action}: ${text}`).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect((JSON.parse(text) as { application: { status: string } }).application.status).toBe(status);
    }
    const row = await platform.database.knex('loan_applications').where({ id }).first();
    expect(row).toMatchObject({ approved_amount: '300000.00', disbursed_amount: '100000.00', repaid_amount: '1000.00' });
    const events = await platform.database.knex('loan_application_events').where({ application_id: id }).select('action');
    expect(events.filter((e) => e.action === 'accept')).toHaveLength(1);
    expect(events.filter((e) => e.action === 'approve')).toHaveLength(1);
  });

  it('answers the product a bank system drafted, and drafts no second one', async () => {
    const draft = productInput({ name: '实例中断后重试的产品' });
    const retry = await crashThenRetry('/api/v1/loan-products', productSystem, draft, 'product-1');
    const text = await retry.text();
    expect(retry.status, text).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const drafted = await platform.database.knex('loan_products').where({ name: draft.name }).select('id');
    expect(drafted).toHaveLength(1);
    expect((JSON.parse(text) as { id: string }).id).toBe(drafted[0]!.id);
  });

  it('runs a write whose instance died before it committed as a first run', async () => {
    const id = await submittedApplication(platform, sme.token, icbcProduct);
    // A claim left in flight by an instance that died before its write committed, two minutes ago.
    const officer = (await platform.services.sessions.verify(bank)).userId;
    await platform.database.knex('idempotency_keys').insert({
      caller_id: officer,
      operation: 'bank-loan-applications.accept',
      key: 'accept-died-early',
      fingerprint: '0'.repeat(64),
      status: 'in_flight',
      created_at: new Date(Date.now() - 120_000),
    });
    const retry = await send(platform.url, `/api/v1/bank/loan-applications/${id}/accept`, bank, {}, 'accept-died-early');
    expect(retry.status, await retry.clone().text()).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });
});
