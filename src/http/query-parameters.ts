import type { Middleware } from 'koa';
import { validationError } from '../platform/errors.js';
import { operationOf, type OpenApiPaths } from './operation-index.js';

interface Parameter {
  $ref?: string;
  name?: string;
  in?: string;
}

interface Parameters {
  paths: Record<string, Partial<Record<string, { operationId?: string; parameters?: Parameter[] } | Parameter[]>>>;
  components?: { parameters?: Record<string, Parameter> };
}

/**
 * A query parameter a read (GET) does not declare is refused, naming it, as an unknown member
 * of a JSON body is: a caller paging with `page` where the operation pages with `before` (or
 * filtering with a misspelt name) was answered the first page again, or everything, and could
 * not tell. Which parameters each operation takes is read from the OpenAPI document. Writes
 * carry their input in a closed body, so their query is left to the route.
 */
export function queryParameterGuard(spec: OpenApiPaths): Middleware {
  const { paths, components } = spec as Parameters;
  const resolve = (p: Parameter): Parameter => (p.$ref ? (components?.parameters?.[p.$ref.split('/').pop()!] ?? {}) : p);
  const declared = new Map<string, Set<string>>();
  for (const item of Object.values(paths)) {
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const [method, operation] of Object.entries(item)) {
      if (method === 'parameters' || Array.isArray(operation) || !operation?.operationId) continue;
      const names = [...shared, ...(operation.parameters ?? [])].map(resolve).filter((p) => p.in === 'query').map((p) => p.name!);
      declared.set(operation.operationId, new Set(names));
    }
  }
  return (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const operationId = operationOf(ctx);
    const names = operationId === undefined ? undefined : declared.get(operationId);
    const unknown = names ? Object.keys(ctx.query).filter((name) => !names.has(name)) : [];
    if (unknown.length > 0) {
      const accepted = names!.size > 0 ? `可用的参数：${[...names!].join('、')}` : '该接口不接受查询参数';
      throw validationError(
        'VALIDATION_FAILED',
        `不支持的查询参数：${unknown.join('、')}（${accepted}）`,
        unknown.map((name) => ({ field: name, code: 'UNRECOGNIZED_KEY', message: `不支持的查询参数“${name}”；${accepted}` })),
      );
    }
    return next();
  };
}
