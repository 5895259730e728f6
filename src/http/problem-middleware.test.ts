import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { problemMiddleware } from './problem-middleware.js';

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
  app.use(() => {
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
});
