import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Router from '@koa/router';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { problemMiddleware } from './problem-middleware.js';
import { securityHeaders } from './security-headers.js';
import { webPortal } from './web-routes.js';

/** The portal middleware behind the real headers, problem middleware and an API router, on a fake dist. */
function serve(distDir: string): Promise<{ url: string; server: Server }> {
  const app = new Koa();
  app.silent = true;
  app.use(securityHeaders({ hsts: false }));
  app.use(problemMiddleware(createLogger('silent')));
  const api = new Router({ sensitive: true });
  api.get('/api/v1/ping', (ctx) => {
    ctx.body = { pong: true };
  });
  app.use(api.routes());
  app.use(webPortal(distDir));
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server });
    });
  });
}

let dist: string;
let built: { url: string; server: Server };
let missing: { url: string; server: Server };

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'xyd-web-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>portal</title>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  built = await serve(dist);
  missing = await serve(join(dist, 'nowhere'));
});
afterAll(() => {
  built.server.close();
  missing.server.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('webPortal', () => {
  it.each(['/', '/register', '/enterprise', '/some/deep/link?x=1'])('answers the page %s with index.html (history fallback)', async (path) => {
    const res = await fetch(built.url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>portal</title>');
  });

  it('serves hashed assets as immutable and other files without long caching', async () => {
    const asset = await fetch(`${built.url}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('max-age=31536000,immutable');
    const icon = await fetch(`${built.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('max-age=0');
  });

  it('leaves the API alone: a known route answers, an unknown one is a problem+json 404', async () => {
    expect(await (await fetch(`${built.url}/api/v1/ping`)).json()).toEqual({ pong: true });
    for (const path of ['/api/v1/nope', '/api', '/openapi.json', '/healthz', '/docs/missing', '/API/v1/ping', '/Api/V1/nope', '/OpenAPI.json', '/HEALTH/live', '/Metrics']) {
      const res = await fetch(built.url + path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/problem\+json/);
    }
  });

  it('does not answer a missing file with the page, nor a POST to a page path', async () => {
    const file = await fetch(`${built.url}/assets/gone-123.js`);
    expect(file.status).toBe(404);
    expect(file.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const post = await fetch(`${built.url}/register`, { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it('refuses to serve files outside the build folder', async () => {
    const res = await fetch(`${built.url}/..%2F..%2Fetc%2Fpasswd.txt`);
    expect([400, 403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('root:');
  });

  it('says in Chinese how to build the portal when web/dist is missing', async () => {
    const res = await fetch(`${missing.url}/register`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:web');
  });
});
