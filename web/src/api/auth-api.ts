import { session } from '@/session/session';
import { api, unwrap } from './client';
import type { Schemas } from './schemas';

/** 登录, 退出 and the caller's identity (`/api/v1/auth/*`, `/api/v1/me`). */
export function login(body: Schemas['LoginRequest']): Promise<Schemas['TokenResponse']> {
  return unwrap(api.POST('/api/v1/auth/token', { body }));
}

export function fetchMe(): Promise<Schemas['Me']> {
  return unwrap(api.GET('/api/v1/me'));
}

/** 开始使用: steps found done, so the workbench no longer reads their data (listed in `Me.setupStepsDone`). */
export async function recordSetupSteps(steps: Schemas['SetupStep'][]): Promise<void> {
  await unwrap(api.POST('/api/v1/me/setup-steps', { body: { steps } }));
}

/** Ends this login on the server too (its refresh token stops working), then forgets it here. */
export async function logout(): Promise<void> {
  const refreshToken = session.refreshToken();
  session.signOut();
  if (refreshToken) await api.POST('/api/v1/auth/logout', { body: { refreshToken } }).catch(() => undefined);
}

/**
 * Ends every login of this user, on every device, then forgets this one here. False when the
 * server did not confirm it (no network, an error): the other devices may still be logged in, so
 * this one stays logged in to try again.
 */
export async function logoutEverywhere(): Promise<boolean> {
  const ended = await api
    .POST('/api/v1/auth/logout-all')
    .then(({ response }) => response.ok)
    .catch(() => false);
  if (ended) session.signOut();
  return ended;
}

/** 修改密码: every other login ends; the answer is a fresh login for this tab. */
export function changePassword(body: Schemas['PasswordChangeRequest']): Promise<Schemas['TokenResponse']> {
  return unwrap(api.POST('/api/v1/auth/password', { body }));
}
