import { api, unwrap } from './client';
import type { Schemas } from './schemas';

/** 登录 and the caller's identity (`/api/v1/auth/token`, `/api/v1/me`). */
export function login(body: Schemas['LoginRequest']): Promise<Schemas['TokenResponse']> {
  return unwrap(api.POST('/api/v1/auth/token', { body }));
}

export function fetchMe(): Promise<Schemas['Me']> {
  return unwrap(api.GET('/api/v1/me'));
}
