import type { Middleware } from 'koa';
import type { Logger } from '../platform/logger.js';
import { LENDER_ROLES, type Principal } from '../platform/roles.js';
import { allowOnlyReplay } from './idempotency-key.js';
import { operationOf } from './operation-index.js';

/** The spec's operations with their declared answers, as the bundle has them. */
export interface OpenApiResponses {
  paths: Record<
    string,
    Partial<Record<string, { operationId?: string; security?: unknown[]; responses?: Record<string, unknown>; parameters?: unknown[] }>>
  >;
}

/** A creator's budget (`CreationBudget`): refuses past the limit, counts what was created. */
export interface Creations {
  assertWithin(creatorId: string): Promise<void>;
  record(creatorId: string): Promise<void>;
}

/** The budgets by kind of creator: enterprises (decision 0049) and lending institutions (0057). */
export interface CreationBudgets {
  enterprise: Creations;
  institution: Creations;
}

/**
 * Whose budget a caller spends: an enterprise's accounts their enterprise's; a bank's or guarantee
 * company's people and machine clients their institution's. Other callers (the platform's own
 * operators, the financial office, the data-source departments delivering as their schedule says)
 * are not counted.
 */
function creatorOf(principal: Principal | undefined, budgets: CreationBudgets): { id: string; budget: Creations } | undefined {
  if (principal?.role === 'enterprise' && principal.enterpriseId) return { id: principal.enterpriseId, budget: budgets.enterprise };
  if (principal && LENDER_ROLES.includes(principal.role) && principal.institutionId) return { id: principal.institutionId, budget: budgets.institution };
  return undefined;
}

type SpecOperation = NonNullable<OpenApiResponses['paths'][string][string]>;

/** The ids of the spec's operations `keep` accepts. */
function operationIds(spec: OpenApiResponses, keep: (operation: SpecOperation) => boolean): Set<string> {
  const ids = new Set<string>();
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item)) if (operation?.operationId && keep(operation)) ids.add(operation.operationId);
  }
  return ids;
}

/**
 * Every operation of an account that the spec says answers 201: each such answer is a resource
 * kept. Public operations (`security: []`, registration) do not act for an account.
 */
export const creatingOperations = (spec: OpenApiResponses): Set<string> =>
  operationIds(spec, (operation) => !!operation.responses && '201' in operation.responses && operation.security?.length !== 0);

/** Operations that declare the `Idempotency-Key` header (the common parameter, as the bundle refers to it). */
export const idempotentOperations = (spec: OpenApiResponses): Set<string> =>
  operationIds(spec, (operation) => !!operation.parameters?.some((p) => (p as { $ref?: string }).$ref === '#/components/parameters/IdempotencyKey'));

/**
 * One limit for everything a creator creates (an enterprise's accounts, decision 0049; a lending
 * institution's people and machine clients, 0057), decided from the spec so an operation added
 * later is counted without being listed anywhere: a creator's request to an operation that answers
 * 201 is refused with 429 once the creator spent its budget, before the route runs, and counts
 * when it was answered 201 by a creation (not by the replay of an `Idempotency-Key`). Past the
 * limit, a request to an operation that declares `Idempotency-Key` and carries one reaches its
 * route only for the replay of the answer it already had: a client retrying a creation it cannot
 * tell succeeded gets its 201, not a 429. The resource is kept by then: a count that fails is
 * logged, and the answer stays 201 (a 500 would have the client create it again).
 */
export function creationBudgetGuard(spec: OpenApiResponses, budgets: CreationBudgets, logger: Pick<Logger, 'warn'>): Middleware {
  const creating = creatingOperations(spec);
  const idempotent = idempotentOperations(spec);
  return async (ctx, next) => {
    const operationId = operationOf(ctx);
    const creator = operationId && creating.has(operationId) ? creatorOf(ctx.state.principal as Principal | undefined, budgets) : undefined;
    if (!creator || !operationId) return next();
    try {
      await creator.budget.assertWithin(creator.id);
    } catch (refusal) {
      if (!(refusal instanceof Error && idempotent.has(operationId) && ctx.get('idempotency-key') !== '')) throw refusal;
      allowOnlyReplay(ctx, refusal);
    }
    await next();
    // A replay of an Idempotency-Key answers the first creation again: nothing new was kept.
    if (ctx.status !== 201 || ctx.response.get('Idempotent-Replayed') === 'true') return;
    await creator.budget.record(creator.id).catch((error: unknown) => logger.warn({ err: error, creatorId: creator.id, operationId }, 'creation not counted against the budget'));
  };
}
