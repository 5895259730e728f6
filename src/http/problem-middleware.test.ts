import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { problemMiddleware } from './problem-middleware.js';

/** The errors `pg`, knex and objection raise while the database is stopped, restarting or full. */
const OUTAGES: Record<string, Error> = {
  refused: Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' }),
  terminated: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
  full: Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
  starting: Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
  lost: new Error('Connection terminated unexpectedly'),
  'pool-timeout': Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' }),
  wrapped: Object.assign(new Error('select 1 - sorry, too many clients already'), { name: 'DBError', nativeError: Object.assign(new Error('sorry'), { code: '53300' }) }),
};

let server: ReturnType<Koa['listen']>;
let base: string;

beforeAll(async () => {
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx, next) => {
    ctx.state.requestId = 'req-1';
    await next();
  });
  app.use(problemMiddleware(createLogger('silent')));
  app.use((ctx) => {
    const outage = OUTAGES[ctx.path.slice(1)];
    if (outage) throw outage;
    throw new Error('connection to 10.1.2.3:5432 failed: password authentication failed for user "xyd"');
  });
  server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('problemMiddleware', () => {
  it('answers an unexpected error with a generic 500 that shows no internals', async () => {
    const res = await fetch(`${base}/anything`);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', requestId: 'req-1', errors: [] });
    expect(text).not.toMatch(/10\.1\.2\.3|password|xyd|Error|stack/);
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After while the database is stopped, restarting or full', async () => {
    for (const outage of Object.keys(OUTAGES)) {
      const res = await fetch(`${base}/${outage}`);
      expect([outage, res.status, res.headers.get('retry-after')]).toEqual([outage, 503, '5']);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', requestId: 'req-1', detail: '数据库暂时无法访问，请稍后重试' });
      expect(text).not.toMatch(/10\.1\.2\.3|ECONN|clients|Knex/);
    }
  });
});
