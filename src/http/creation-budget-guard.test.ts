import type { Context } from 'koa';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../platform/roles.js';
import { creatingOperations, creationBudgetGuard, idempotentOperations, type Creations, type OpenApiResponses } from './creation-budget-guard.js';

const spec: OpenApiResponses = {
  paths: {
    '/questions': { post: { operationId: 'askQuestion', responses: { '201': {}, '400': {} } }, get: { operationId: 'listQuestions', responses: { '200': {} } } },
    '/questions/{id}/read': { post: { operationId: 'markRead', responses: { '204': {} } } },
    '/registrations': { post: { operationId: 'register', security: [], responses: { '201': {} } } },
    '/applications': { post: { operationId: 'apply', parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }], responses: { '201': {} } } },
  },
};

class FakeCreations implements Creations {
  readonly checked: string[] = [];
  readonly recorded: string[] = [];
  spent = false;
  async assertWithin(enterpriseId: string) {
    this.checked.push(enterpriseId);
    if (this.spent) throw new Error('budget spent');
  }
  async record(enterpriseId: string) {
    this.recorded.push(enterpriseId);
  }
}

const enterprise: Principal = { userId: 'u1', role: 'enterprise', institutionId: null, enterpriseId: 'firm-a' };
const officer: Principal = { userId: 'u2', role: 'bank_officer', institutionId: 'bank-a', enterpriseId: null };
const bankClient: Principal = { userId: 'client-1', role: 'bank_officer', institutionId: 'bank-a', enterpriseId: null, clientId: 'client-1', scopes: ['products:write'] };
const guarantor: Principal = { userId: 'u3', role: 'guarantee_officer', institutionId: 'guarantor-a', enterpriseId: null };
const office: Principal = { userId: 'u4', role: 'financial_office', institutionId: 'office', enterpriseId: null };
const source: Principal = { userId: 'u5', role: 'data_source', institutionId: 'tax', enterpriseId: null };
const admin: Principal = { userId: 'u6', role: 'admin', institutionId: 'operator', enterpriseId: null };

const warnings: unknown[] = [];
const logger = { warn: (...args: unknown[]) => void warnings.push(args) };

async function call(
  principal: Principal | undefined,
  operationId: string,
  status: number,
  creations = new FakeCreations(),
  headers: Record<string, string> = {},
  requestHeaders: Record<string, string> = {},
) {
  const state: Record<string, unknown> = { principal, operationId };
  const ctx = { state, status: 404, get: (name: string) => requestHeaders[name] ?? '', response: { get: (name: string) => headers[name] ?? '' } } as unknown as Context;
  await creationBudgetGuard(spec, { enterprise: creations, institution: creations }, logger)(ctx, async () => {
    ctx.status = status;
  });
  return Object.assign(creations, { answered: ctx.status, onlyReplay: state.idempotencyOnlyReplay });
}

describe('creationBudgetGuard', () => {
  it('takes the creating operations of an account from the answers the spec declares', () => {
    expect([...creatingOperations(spec)]).toEqual(['askQuestion', 'apply']);
    expect([...idempotentOperations(spec)]).toEqual(['apply']);
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

  it('past the budget, lets a request to an operation that declares Idempotency-Key through only for its replay', async () => {
    const spent = () => Object.assign(new FakeCreations(), { spent: true });
    const replay = await call(enterprise, 'apply', 201, spent(), { 'Idempotent-Replayed': 'true' }, { 'idempotency-key': 'k1' });
    expect(replay).toMatchObject({ answered: 201, recorded: [] });
    expect(replay.onlyReplay).toEqual(new Error('budget spent'));
    await expect(call(enterprise, 'apply', 201, spent())).rejects.toThrow('budget spent');
    await expect(call(enterprise, 'askQuestion', 201, spent(), {}, { 'idempotency-key': 'k1' })).rejects.toThrow('budget spent');
    expect((await call(enterprise, 'apply', 201, new FakeCreations(), {}, { 'idempotency-key': 'k2' })).onlyReplay).toBeUndefined();
  });

  it("counts a lending institution's people and machine clients against their institution, together", async () => {
    // Before, only enterprises were counted: a stolen bank key created products without end.
    expect(await call(officer, 'askQuestion', 201)).toMatchObject({ checked: ['bank-a'], recorded: ['bank-a'] });
    expect(await call(bankClient, 'askQuestion', 201)).toMatchObject({ checked: ['bank-a'], recorded: ['bank-a'] });
    expect(await call(guarantor, 'askQuestion', 201)).toMatchObject({ checked: ['guarantor-a'], recorded: ['guarantor-a'] });
  });

  it('leaves other operations and other callers alone', async () => {
    expect(await call(enterprise, 'listQuestions', 200)).toMatchObject({ checked: [], recorded: [] });
    expect(await call(enterprise, 'markRead', 204)).toMatchObject({ checked: [], recorded: [] });
    expect(await call(officer, 'listQuestions', 200)).toMatchObject({ checked: [], recorded: [] });
    for (const caller of [office, source, admin, undefined]) expect(await call(caller, 'askQuestion', 201)).toMatchObject({ checked: [], recorded: [] });
  });

  it("spends each creator's own budget", async () => {
    const firms = new FakeCreations();
    const institutions = new FakeCreations();
    const run = (principal: Principal) =>
      creationBudgetGuard(spec, { enterprise: firms, institution: institutions }, logger)(
        { state: { principal, operationId: 'askQuestion' }, status: 404, get: () => '', response: { get: () => '' } } as unknown as Context,
        async () => undefined,
      );
    await run(enterprise);
    await run(officer);
    expect(firms.checked).toEqual(['firm-a']);
    expect(institutions.checked).toEqual(['bank-a']);
  });
});
