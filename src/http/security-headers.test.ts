import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { problemMiddleware } from './problem-middleware.js';
import { securityHeaders } from './security-headers.js';

async function headersOf(hsts: boolean, path: string): Promise<Headers> {
  const app = new Koa();
  app.silent = true;
  app.use(securityHeaders({ hsts }));
  app.use(problemMiddleware(createLogger('silent')));
  app.use((ctx) => {
    if (ctx.path === '/boom') throw new Error('boom');
    if (ctx.path === '/ok' || ctx.path.toLowerCase() === '/api/v1/me') ctx.body = { ok: true };
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    return (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`)).headers;
  } finally {
    server.close();
  }
}

describe('securityHeaders', () => {
  it.each(['/ok', '/missing', '/boom'])('sets CSP, nosniff, framing and referrer headers on %s', async (path) => {
    const h = await headersOf(false, path);
    expect(h.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self';.*frame-ancestors 'none'/);
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('x-frame-options')).toBe('DENY');
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('strict-transport-security')).toBeNull();
  });

  it.each(['/api/v1/me', '/API/V1/ME', '/api/v1/missing', '/boom'])('forbids caching of answers (%s), which carry personal data', async (path) => {
    expect((await headersOf(false, path)).get('cache-control')).toBe('no-store');
  });

  it('adds HSTS in production', async () => {
    expect((await headersOf(true, '/ok')).get('strict-transport-security')).toMatch(/max-age=31536000/);
  });
});
