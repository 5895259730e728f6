import Router, { type RouterOptions } from '@koa/router';

/**
 * The one way to make a router: paths match exactly as `specs/` spells them (case-sensitive), so
 * no route answers under a path the per-operation guards (query parameters, media type, client
 * scope, password change) cannot look up in the spec. A trailing slash stays optional, as in
 * `operationIndex`.
 */
export function apiRouter(options: Omit<RouterOptions, 'sensitive' | 'strict'> = {}) {
  return new Router({ ...options, sensitive: true, strict: false });
}
