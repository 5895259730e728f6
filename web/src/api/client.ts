import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '@server/http/generated/api';
import { session } from '@/session/session';
import { networkProblem, problemFromResponse } from './problem';

/**
 * The one typed client for the platform API (types generated from specs/openapi.yaml).
 * Feature modules in this folder wrap it; pages never call fetch themselves.
 */
export const api = createClient<paths>({ baseUrl: '/' });

const bearer: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    // A token the server no longer accepts (expired, platform key rotated): drop the session.
    if (response.status === 401 && request.headers.has('Authorization')) session.expire();
    return response;
  },
};
api.use(bearer);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The response body of a successful call, or an ApiProblem for everything else. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch {
    throw networkProblem();
  }
  if (result.response.ok && result.data !== undefined) return result.data;
  throw problemFromResponse(result.response, result.error);
}

/** A call answered with 204 No Content: resolves when it succeeded, an ApiProblem otherwise. */
export async function unwrapNoContent(call: Promise<FetchResult<unknown>>): Promise<void> {
  let result: FetchResult<unknown>;
  try {
    result = await call;
  } catch {
    throw networkProblem();
  }
  if (!result.response.ok) throw problemFromResponse(result.response, result.error);
}
