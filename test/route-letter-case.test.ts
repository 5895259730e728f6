import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationIndex } from '../src/http/operation-index.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * The per-operation guards (query parameters, media type, client scope, password change) find
 * the operation by the path as the spec spells it. A route that also answered under another
 * letter case was reachable past all of them (`GET /API/V1/…?anything=1`).
 */
const spec = parse(readFileSync(new URL('../specs/dist/openapi.bundle.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId?: string }>>;
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method, op]) => METHODS.includes(method) && op.operationId)
    .map(([method, op]) => ({ id: op.operationId!, method: method.toUpperCase(), path })),
);

/** What the guards name: a variant that is itself a path of the spec (`/consents/Access-log` is `/consents/{id}`) is fine. */
const operationAt = operationIndex(spec);
const concrete = (path: string) => path.replace(/\{\w+\}/g, () => randomUUID());
const isLiteral = (segment: string) => segment !== '' && !segment.startsWith('{');
/** Every literal segment upper-cased, and only the last one capitalised. */
const shouted = (path: string) => path.split('/').map((s) => (isLiteral(s) ? s.toUpperCase() : s)).join('/');
const lastCapitalised = (path: string) => {
  const segments = path.split('/');
  const last = segments.findLastIndex(isLiteral);
  segments[last] = segments[last]![0]!.toUpperCase() + segments[last]!.slice(1);
  return segments.join('/');
};

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false' });
});
afterAll(() => platform?.close());

async function answer(method: string, path: string) {
  const res = await platform.api(path, { method, ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }) });
  const type = res.headers.get('content-type') ?? '';
  const problem = type.includes('json') ? ((await res.json()) as { code?: string }) : (await res.text(), {});
  return { status: res.status, type, code: problem.code };
}

describe('a path in another letter case than the spec', () => {
  it('reaches no route the guards cannot name: 404 (or 405) problem+json, as any unknown path', async () => {
    const reached: string[] = [];
    for (const { id, method, path } of operations) {
      for (const variant of [shouted(path), lastCapitalised(path)]) {
        const path = concrete(variant);
        if (operationAt(method, path)) continue;
        const { status, type, code } = await answer(method, path);
        const refused = (status === 404 && code === 'ROUTE_NOT_FOUND') || (status === 405 && code === 'METHOD_NOT_ALLOWED');
        if (!refused || !type.startsWith('application/problem+json')) reached.push(`${id} ${method} ${variant}: ${status} ${code}`);
      }
    }
    expect(reached).toEqual([]);
  });

  it('while the path as the spec spells it is routed (the check above is not vacuous)', async () => {
    const unrouted: string[] = [];
    for (const { id, method, path } of operations) {
      const { code } = await answer(method, concrete(path));
      if (code === 'ROUTE_NOT_FOUND') unrouted.push(id);
    }
    expect(unrouted).toEqual([]);
  });

  it('cannot carry a query parameter the guard refuses, nor a body of the wrong media type', async () => {
    const token = await platform.login('admin');
    const exact = await platform.api('/api/v1/institutions?unknown=1', { token });
    expect(exact.status).toBe(400);
    for (const path of ['/API/V1/institutions?unknown=1', '/api/v1/Institutions?unknown=1']) {
      const res = await platform.api(path, { token });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const form = await platform.api('/API/v1/auth/token', { method: 'POST', body: 'username=admin', headers: { 'content-type': 'text/plain' } });
    expect(form.status).toBe(404);
  });

  it('a trailing slash is the same operation to the router and to the guards', async () => {
    const token = await platform.login('admin');
    const res = await platform.api('/api/v1/institutions/?unknown=1', { token });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['unknown']);
  });
});
