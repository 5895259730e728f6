import type { Middleware } from 'koa';
import type { Logger } from '../platform/logger.js';
import type { Principal } from '../platform/roles.js';
import { allowOnlyReplay } from './idempotency-key.js';
import { operationOf } from './operation-index.js';

/** The spec's operations with their declared answers, as the bundle has them. */
export interface OpenApiResponses {
  paths: Record<
    string,
    Partial<Record<string, { operationId?: string; security?: unknown[]; responses?: Record<string, unknown>; parameters?: unknown[] }>>
  >;
}

/** The enterprise's creation budget (`CreationBudget`): refuses past the limit, counts what was created. */
export interface EnterpriseCreations {
  assertWithin(enterpriseId: string): Promise<void>;
  record(enterpriseId: string): Promise<void>;
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
 * One limit for everything an enterprise's accounts create (decision 0049), decided from the spec
 * so an operation added later is counted without being listed anywhere: a request by an
 * enterprise's account to an operation that answers 201 is refused with 429 once the enterprise
 * spent its budget, before the route runs, and counts when it was answered 201 by a creation (not
 * by the replay of an `Idempotency-Key`). Past the limit, a request to an operation that declares
 * `Idempotency-Key` and carries one reaches its route only for the replay of the answer it already
 * had: a client retrying a creation it cannot tell succeeded gets its 201, not a 429. The resource is
 * kept by then: a count that fails is logged, and the answer stays 201 (a 500 would have the
 * client create it again).
 */
export function creationBudgetGuard(spec: OpenApiResponses, creations: EnterpriseCreations, logger: Pick<Logger, 'warn'>): Middleware {
  const creating = creatingOperations(spec);
  const idempotent = idempotentOperations(spec);
  return async (ctx, next) => {
    const principal = ctx.state.principal as Principal | undefined;
    const operationId = operationOf(ctx);
    const enterpriseId = principal?.role === 'enterprise' ? principal.enterpriseId : null;
    if (!enterpriseId || !operationId || !creating.has(operationId)) return next();
    try {
      await creations.assertWithin(enterpriseId);
    } catch (refusal) {
      if (!(refusal instanceof Error && idempotent.has(operationId) && ctx.get('idempotency-key') !== '')) throw refusal;
      allowOnlyReplay(ctx, refusal);
    }
    await next();
    // A replay of an Idempotency-Key answers the first creation again: nothing new was kept.
    if (ctx.status !== 201 || ctx.response.get('Idempotent-Replayed') === 'true') return;
    await creations.record(enterpriseId).catch((error: unknown) => logger.warn({ err: error, enterpriseId, operationId }, 'creation not counted against the budget'));
  };
}
