import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '@server/http/generated/api';
import { session } from '@/session/session';
import { networkProblem, problemFromResponse } from './problem';

/**
 * The one typed client for the platform API (types generated from specs/openapi.yaml).
 * Feature modules in this folder wrap it; pages never call fetch themselves.
 */
export const api = createClient<paths>({ baseUrl: '/' });

/** Refresh a minute early, so a request never leaves with a token about to lapse. */
const REFRESH_MARGIN_MS = 60_000;
let refreshing: Promise<void> | null = null;

/**
 * Swaps the refresh token for new tokens before the access token runs out. One refresh at a
 * time: a refresh token works once, and a second use would end the login (reuse detection).
 */
export function ensureFreshToken(): Promise<void> {
  const refreshToken = session.refreshDue(REFRESH_MARGIN_MS);
  if (!refreshToken) return refreshing ?? Promise.resolve();
  refreshing ??= fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  })
    .then(async (response) => {
      if (response.ok) session.signIn((await response.json()) as Parameters<typeof session.signIn>[0]);
      else if (response.status === 401) session.expire(await reasonOf(response));
    })
    .catch(() => undefined)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/**
 * Why a login ended, as the login page says it, by the code of the refusal: a person whose 岗位 was
 * changed or who logged out on another device was told only 登录已失效, as if they had been idle.
 * Codes not listed (a damaged token) get the page's general 登录已失效.
 */
const ENDED_BECAUSE: Record<string, string> = {
  TOKEN_REVOKED: '您的登录已结束：账号已在所有设备上退出、密码已修改或岗位已调整，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  REFRESH_TOKEN_EXPIRED: '登录已过期，请重新登录',
  REFRESH_TOKEN_REUSED: '该登录已在其他标签页或设备上续用，本页登录已结束，请重新登录',
  ACCOUNT_UNAVAILABLE: '账号已停用，如有疑问请联系本单位管理员',
};

/** The reason for a refused token, read from a copy of the response so the caller still gets the body. */
async function reasonOf(response: Response): Promise<string | null> {
  try {
    const body = (await response.clone().json()) as { code?: unknown };
    return typeof body.code === 'string' ? (ENDED_BECAUSE[body.code] ?? null) : null;
  } catch {
    return null;
  }
}

const bearer: Middleware = {
  async onRequest({ request }) {
    await ensureFreshToken();
    const token = session.token();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ request, response }) {
    // A token the server no longer accepts (revoked, platform key rotated): drop the session,
    // keeping why for the login page (a changed 岗位 is not a timeout).
    if (response.status === 401 && request.headers.has('Authorization')) session.expire(await reasonOf(response));
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

/** A read that may find nothing: null when answered 204 No Content, else as `unwrap`. */
export async function unwrapOrNone<T>(call: Promise<FetchResult<T>>): Promise<T | null> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch {
    throw networkProblem();
  }
  if (result.response.status === 204) return null;
  return unwrap(Promise.resolve(result));
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

/**
 * Posts a file's bytes as the request body (the file name in the query), for the upload routes
 * that judge the type by content. Resolves with the JSON answer, an ApiProblem otherwise.
 */
export async function postFile<T>(path: string, file: File): Promise<T> {
  await ensureFreshToken();
  const response = await fetch(`${path}?fileName=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream', authorization: `Bearer ${session.token() ?? ''}` },
    body: file,
  }).catch(() => {
    throw networkProblem();
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw problemFromResponse(response, body);
  return body as T;
}
