import type { Context } from 'koa';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../platform/roles.js';
import { loginOperations, loginRequired, type OpenApiSecurity } from './login-required.js';

const spec: OpenApiSecurity = {
  paths: {
    '/me': { get: { operationId: 'getMe', security: [{ bearerAuth: [] }] } },
    '/token': { post: { operationId: 'login', security: [] } },
    '/products': { get: { operationId: 'listProducts', security: [{}, { bearerAuth: [] }] } },
    '/metrics': { get: { operationId: 'getMetrics', security: [{ metricsToken: [] }] } },
  },
};

const officer: Principal = { userId: 'u1', role: 'bank_officer', institutionId: 'bank-a', enterpriseId: null };

async function passes(operationId: string | undefined, principal?: Principal): Promise<boolean> {
  let reached = false;
  const ctx = { state: { operationId, principal } } as unknown as Context;
  await loginRequired(spec)(ctx, async () => {
    reached = true;
  });
  return reached;
}

describe('loginRequired', () => {
  it('takes the operations that need a bearer token from the spec', () => {
    expect([...loginOperations(spec)]).toEqual(['getMe']);
  });

  it('refuses a request without a login to such an operation before anything after it runs', async () => {
    await expect(passes('getMe')).rejects.toMatchObject({ kind: 'unauthenticated', code: 'AUTH_REQUIRED' });
    expect(await passes('getMe', officer)).toBe(true);
  });

  it('lets public operations, optional logins, other schemes and paths outside the spec through', async () => {
    for (const operationId of ['login', 'listProducts', 'getMetrics', undefined]) expect(await passes(operationId)).toBe(true);
  });
});
