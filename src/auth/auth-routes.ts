import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import { principalOf, requireRole } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import type { AuthService } from './auth-service.js';
import { text } from '../http/field-schemas.js';
import type { SessionService } from './session-service.js';
import { SETUP_STEPS } from './setup-step.js';

const loginSchema = z
  .object({
    username: text('账号或统一社会信用代码', 100),
    password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(128),
  })
  .strict() satisfies z.ZodType<components['schemas']['LoginRequest']>;

const refreshSchema = z
  .object({ refreshToken: z.string({ error: '缺少刷新令牌' }).min(1, '缺少刷新令牌').max(200, '刷新令牌格式不正确') })
  .strict() satisfies z.ZodType<components['schemas']['RefreshRequest']>;

const passwordChangeSchema = z
  .object({
    currentPassword: z.string({ error: '请输入当前密码' }).min(1, '请输入当前密码').max(128),
    newPassword: z.string({ error: '请输入新密码' }).max(128, '密码最长64位'),
  })
  .strict() satisfies z.ZodType<components['schemas']['PasswordChangeRequest']>;

const setupStepsSchema = z
  .object({ steps: z.array(z.enum(SETUP_STEPS, { error: '未知的开始使用步骤' }), { error: '请给出已完成的步骤' }).min(1, '请给出已完成的步骤').max(SETUP_STEPS.length) })
  .strict() satisfies z.ZodType<components['schemas']['SetupStepsRequest']>;

export function authRoutes(auth: AuthService, sessions: SessionService): Router {
  const router = apiRouter({ prefix: '/api/v1' });
  router.post('/auth/token', async (ctx) => {
    const { username, password } = parseInput(loginSchema, ctx.request.body);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = (await auth.login(username, password, ctx.ip)) satisfies components['schemas']['TokenResponse'];
  });
  router.post('/auth/refresh', async (ctx) => {
    const { refreshToken } = parseInput(refreshSchema, ctx.request.body);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = (await sessions.refresh(refreshToken)) satisfies components['schemas']['TokenResponse'];
  });
  router.post('/auth/logout', async (ctx) => {
    const { refreshToken } = parseInput(refreshSchema, ctx.request.body);
    await sessions.logout(refreshToken);
    ctx.status = 204;
  });
  router.post('/auth/logout-all', async (ctx) => {
    await sessions.logoutEverywhere(principalOf(ctx));
    ctx.status = 204;
  });
  router.post('/auth/password', async (ctx) => {
    const principal = principalOf(ctx);
    const { currentPassword, newPassword } = parseInput(passwordChangeSchema, ctx.request.body);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = (await auth.changePassword(principal, currentPassword, newPassword, ctx.ip)) satisfies components['schemas']['TokenResponse'];
  });
  router.get('/me', async (ctx) => {
    ctx.body = (await auth.me(principalOf(ctx))) satisfies components['schemas']['Me'];
  });
  router.post('/me/setup-steps', async (ctx) => {
    const principal = requireRole(ctx, 'bank_officer', 'guarantee_officer', 'data_source', 'financial_office', 'admin');
    const { steps } = parseInput(setupStepsSchema, ctx.request.body);
    await auth.recordSetupSteps(principal, steps);
    ctx.status = 204;
  });
  return router;
}
