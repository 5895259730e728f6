import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import type { components } from '../../http/generated/api.js';
import { text } from '../../http/field-schemas.js';
import { parseInput } from '../../http/validate.js';
import type { PasswordResetService } from './password-reset-service.js';

type Schemas = components['schemas'];

const MOBILE = z.string({ error: '请输入手机号' }).trim().regex(/^1[3-9]\d{9}$/, '请输入11位中国大陆手机号');

const codeRequestSchema = z.object({ username: text('账号或统一社会信用代码', 100), mobile: MOBILE }).strict() satisfies z.ZodType<Schemas['PasswordResetCodeRequest']>;

const resetSchema = z
  .object({
    username: text('账号或统一社会信用代码', 100),
    mobile: MOBILE,
    code: z.string({ error: '请输入验证码' }).trim().regex(/^\d{6}$/, '验证码为6位数字'),
    newPassword: z.string({ error: '请输入新密码' }).max(128, '密码最长64位'),
  })
  .strict() satisfies z.ZodType<Schemas['PasswordResetRequest']>;

/** 忘记密码 (no login): an SMS code to the account's mobile, then a new password with it. */
export function passwordResetRoutes(resets: PasswordResetService): Router {
  const router = apiRouter({ prefix: '/api/v1/auth/password-reset' });
  router.post('/code', async (ctx) => {
    const { username, mobile } = parseInput(codeRequestSchema, ctx.request.body);
    await resets.sendCode(username, mobile, ctx.ip);
    ctx.status = 202;
    ctx.body = { message: '如果账号与手机号匹配，验证码已发送' } satisfies Schemas['PasswordResetCodeSent'];
  });
  router.post('/', async (ctx) => {
    const { username, mobile, code, newPassword } = parseInput(resetSchema, ctx.request.body);
    await resets.reset(username, mobile, code, newPassword, ctx.ip);
    ctx.status = 204;
  });
  return router;
}
