import type { Context } from 'koa';
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../platform/errors.js';
import type { Principal } from '../platform/roles.js';
import { operationResolver } from '../http/operation-index.js';
import { passwordChangeGate } from './password-change-gate.js';

const resolve = operationResolver({
  paths: {
    '/api/v1/me': { get: { operationId: 'getMe' } },
    '/api/v1/auth/password': { post: { operationId: 'changePassword' } },
    '/api/v1/loan-applications': { get: { operationId: 'listMyLoanApplications' } },
    '/api/v1/loan-applications/{id}': { get: { operationId: 'getMyLoanApplication' } },
  },
});
const gate = passwordChangeGate();

const temporary: Principal = { userId: 'u1', role: 'enterprise', institutionId: null, enterpriseId: 'e1', mustChangePassword: true };

/** What the gate does with one request: 'next' when it lets it through, else the refusal's code. */
function outcome(method: string, path: string, principal: Principal | null = temporary): string {
  const ctx = { method, path, state: { principal: principal ?? undefined } } as unknown as Context;
  try {
    void resolve(ctx, () => gate(ctx, () => Promise.resolve()));
    return 'next';
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('passwordChangeGate', () => {
  it('lets a temporary password change itself, see who it is and nothing else', () => {
    expect(outcome('GET', '/api/v1/me')).toBe('next');
    expect(outcome('POST', '/api/v1/auth/password')).toBe('next');
    expect(outcome('GET', '/api/v1/loan-applications')).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(outcome('GET', '/api/v1/loan-applications/7d0c')).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('refuses the spellings the router also answers: other letter case, a trailing slash, unknown paths', () => {
    expect(outcome('GET', '/API/v1/loan-applications')).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(outcome('GET', '/Api/V1/Loan-Applications/')).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(outcome('GET', '/api/v1/loan-applications/')).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(outcome('GET', '/api/v1/no-such-route')).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(outcome('POST', '/api/v1/me')).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('leaves other people and the portal pages alone', () => {
    const { mustChangePassword: _, ...settled } = temporary;
    expect(outcome('GET', '/API/v1/loan-applications', settled)).toBe('next');
    expect(outcome('GET', '/api/v1/loan-applications', null)).toBe('next');
    expect(outcome('GET', '/enterprise/applications')).toBe('next');
  });
});
