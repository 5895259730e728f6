import type { Middleware } from 'koa';
import { validationError } from '../platform/errors.js';
import { operationOf, type OpenApiPaths } from './operation-index.js';

/** The media types the body parser reads; routes that accept only these never see another body. */
const PARSED_MEDIA_TYPES = new Set(['application/json', 'application/x-www-form-urlencoded']);

interface RequestBodies {
  paths: Record<string, Partial<Record<string, { operationId?: string; requestBody?: { content?: Record<string, unknown> } }>>>;
}

/**
 * A body sent to an operation that takes JSON (or a form) in a media type it does not take is
 * refused, naming `content-type`: the body parser leaves such a body unread, so the route saw an
 * empty object and answered that every field was missing (or, for a form sent to a JSON route,
 * judged the form's text fields as if they were JSON). Which types each operation takes is
 * read from the OpenAPI document; upload routes, which read the stream and judge the type
 * themselves, are left to it.
 */
export function bodyMediaTypeGuard(spec: OpenApiPaths): Middleware {
  const accepted = new Map<string, string[]>();
  for (const item of Object.values((spec as RequestBodies).paths)) {
    for (const operation of Object.values(item)) {
      const types = Object.keys(operation?.requestBody?.content ?? {});
      if (operation?.operationId && types.length > 0 && types.every((t) => PARSED_MEDIA_TYPES.has(t))) accepted.set(operation.operationId, types);
    }
  }
  return (ctx, next) => {
    const operationId = operationOf(ctx);
    const types = operationId === undefined ? undefined : accepted.get(operationId);
    // `is` answers null when the request has no body, false when its type is none of these; an
    // empty body (Content-Length: 0) is no body whatever its type says.
    if (types && ctx.request.length !== 0 && ctx.request.is(types) === false) {
      const sent = ctx.get('content-type');
      const message = `应为 ${types.join(' 或 ')}，收到“${sent || '（未指定）'}”`;
      throw validationError('UNSUPPORTED_MEDIA_TYPE', `请求体的内容类型${message}`, [{ field: 'content-type', code: 'UNSUPPORTED_MEDIA_TYPE', message }]);
    }
    return next();
  };
}
