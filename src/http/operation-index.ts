import type { Context, Middleware } from 'koa';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface IndexedOperation {
  method: string;
  pattern: RegExp;
  params: number;
  operationId: string;
  /** Slashes in the path template: a parameter never spans one. */
  slashes: number;
  /** Position in the search order (fewest parameters first). */
  rank: number;
}

const slashesIn = (path: string) => {
  let n = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) n++;
  return n;
};

export interface OpenApiPaths {
  paths: Record<string, Partial<Record<string, { operationId?: string }>>>;
}

/**
 * Finds the OpenAPI operation a request addresses (method and path, `{param}` matching one path
 * segment). A literal segment wins over a parameter, so `/consents/access-log` is not `/consents/{id}`.
 */
export function operationIndex(spec: OpenApiPaths): (method: string, path: string) => string | undefined {
  const operations: Omit<IndexedOperation, 'rank'>[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    const segments = template.split('/').map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const pattern = new RegExp(`^${segments.join('/')}/?$`);
    const params = (template.match(/\{/g) ?? []).length;
    for (const method of METHODS) {
      const operationId = item[method]?.operationId;
      if (operationId) operations.push({ method: method.toUpperCase(), pattern, params, operationId, slashes: slashesIn(template) });
    }
  }
  operations.sort((a, b) => a.params - b.params);
  // A request tests only the templates with as many slashes as its path (or one fewer, before
  // a trailing slash), in the same order, instead of every operation of the method.
  const buckets = new Map<string, IndexedOperation[]>();
  operations.forEach((o, rank) => {
    const key = `${o.method} ${o.slashes}`;
    buckets.set(key, [...(buckets.get(key) ?? []), { ...o, rank }]);
  });
  const bucket = (method: string, slashes: number) => buckets.get(`${method} ${slashes}`) ?? [];
  return (method, path) => {
    const wanted = method === 'HEAD' ? 'GET' : method;
    const n = slashesIn(path);
    const candidates = path.endsWith('/') ? [...bucket(wanted, n - 1), ...bucket(wanted, n)].sort((a, b) => a.rank - b.rank) : bucket(wanted, n);
    return candidates.find((o) => o.pattern.test(path))?.operationId;
  };
}

/**
 * Names the request's OpenAPI operation once (`operationOf`), for the per-operation guards after
 * it: the media-type check, the password-change gate, the client-scope guard and the query
 * parameter guard. The path it reads does not change further down.
 */
export function operationResolver(spec: OpenApiPaths): Middleware {
  const operationAt = operationIndex(spec);
  return (ctx, next) => {
    ctx.state.operationId = operationAt(ctx.method, ctx.path);
    return next();
  };
}

/** The request's OpenAPI operation as `operationResolver` found it; undefined for a path the spec does not declare. */
export const operationOf = (ctx: Context): string | undefined => ctx.state.operationId as string | undefined;
