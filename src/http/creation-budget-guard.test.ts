import type { Context } from 'koa';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../platform/roles.js';
import { creatingOperations, creationBudgetGuard, type EnterpriseCreations, type OpenApiResponses } from './creation-budget-guard.js';

const spec: OpenApiResponses = {
  paths: {
    '/questions': { post: { operationId: 'askQuestion', responses: { '201': {}, '400': {} } }, get: { operationId: 'listQuestions', responses: { '200': {} } } },
    '/questions/{id}/read': { post: { operationId: 'markRead', responses: { '204': {} } } },
    '/registrations': { post: { operationId: 'register', security: [], responses: { '201': {} } } },
  },
};

class FakeCreations implements EnterpriseCreations {
  readonly checked: string[] = [];
  readonly recorded: string[] = [];
  async assertWithin(enterpriseId: string) {
    this.checked.push(enterpriseId);
  }
  async record(enterpriseId: string) {
    this.recorded.push(enterpriseId);
  }
}

const enterprise: Principal = { userId: 'u1', role: 'enterprise', institutionId: null, enterpriseId: 'firm-a' };
const officer: Principal = { userId: 'u2', role: 'bank_officer', institutionId: 'bank-a', enterpriseId: null };

const warnings: unknown[] = [];
const logger = { warn: (...args: unknown[]) => void warnings.push(args) };

async function call(principal: Principal | undefined, operationId: string, status: number, creations = new FakeCreations(), headers: Record<string, string> = {}) {
  const ctx = { state: { principal, operationId }, status: 404, response: { get: (name: string) => headers[name] ?? '' } } as unknown as Context;
  await creationBudgetGuard(spec, creations, logger)(ctx, async () => {
    ctx.status = status;
  });
  return Object.assign(creations, { answered: ctx.status });
}

describe('creationBudgetGuard', () => {
  it('takes the creating operations of an account from the answers the spec declares', () => {
    expect([...creatingOperations(spec)]).toEqual(['askQuestion']);
  });

  it("checks an enterprise's creating request first and counts it only when answered 201", async () => {
    expect(await call(enterprise, 'askQuestion', 201)).toMatchObject({ checked: ['firm-a'], recorded: ['firm-a'] });
    expect(await call(enterprise, 'askQuestion', 400)).toMatchObject({ checked: ['firm-a'], recorded: [] });
  });

  it('does not count the replay of an Idempotency-Key, which answers the first creation again', async () => {
    expect(await call(enterprise, 'askQuestion', 201, new FakeCreations(), { 'Idempotent-Replayed': 'true' })).toMatchObject({ checked: ['firm-a'], recorded: [] });
  });

  it('keeps the 201 of a resource already created when counting it fails, and says so in the log', async () => {
    const failing = new FakeCreations();
    failing.record = async () => {
      throw new Error('database unavailable');
    };
    expect(await call(enterprise, 'askQuestion', 201, failing)).toMatchObject({ answered: 201 });
    expect(warnings).toHaveLength(1);
  });

  it('leaves other operations and other callers alone', async () => {
    expect(await call(enterprise, 'listQuestions', 200)).toMatchObject({ checked: [], recorded: [] });
    expect(await call(enterprise, 'markRead', 204)).toMatchObject({ checked: [], recorded: [] });
    expect(await call(officer, 'askQuestion', 201)).toMatchObject({ checked: [], recorded: [] });
    expect(await call(undefined, 'askQuestion', 201)).toMatchObject({ checked: [], recorded: [] });
  });
});
