import Router from '@koa/router';
import { z } from 'zod';
import { principalOf } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import type { AuthService } from './auth-service.js';
import { text } from '../http/field-schemas.js';

const loginSchema = z
  .object({
    username: text('账号或统一社会信用代码', 100),
    password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(128),
  })
  .strict() satisfies z.ZodType<components['schemas']['LoginRequest']>;

export function authRoutes(auth: AuthService): Router {
  const router = new Router({ prefix: '/api/v1' });
  router.post('/auth/token', async (ctx) => {
    const { username, password } = parseInput(loginSchema, ctx.request.body);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = (await auth.login(username, password, ctx.ip)) satisfies components['schemas']['TokenResponse'];
  });
  router.get('/me', async (ctx) => {
    ctx.body = (await auth.me(principalOf(ctx))) satisfies components['schemas']['Me'];
  });
  return router;
}
