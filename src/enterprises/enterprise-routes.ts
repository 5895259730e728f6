import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import type { components } from '../http/generated/api.js';
import { text, usccField } from '../http/field-schemas.js';
import { parseInput } from '../http/validate.js';
import { passwordProblems } from '../platform/password-policy.js';
import type { EnterpriseRegistrationService } from './enterprise-registration-service.js';

type RegistrationRequest = components['schemas']['RegistrationRequest'];

const MOBILE = z.string({ error: '请输入手机号' }).trim().regex(/^1[3-9]\d{9}$/, '请输入11位中国大陆手机号');

const mobileCodeSchema = z.object({ mobile: MOBILE }).strict() satisfies z.ZodType<components['schemas']['RegistrationCodeRequest']>;


export const registrationSchema = z
  .object({
    uscc: usccField('请输入统一社会信用代码'),
    name: text('企业名称', 200),
    legalRepresentative: text('法定代表人', 50),
    contactName: text('联系人', 50),
    contactMobile: MOBILE,
    mobileCode: z.string({ error: '请输入短信验证码' }).trim().regex(/^\d{6}$/, '验证码为6位数字'),
    password: z.string({ error: '请设置密码' }).superRefine((password, ctx) => {
      for (const problem of passwordProblems(password, '')) ctx.addIssue({ code: 'custom', message: problem.message, params: { code: problem.code } });
    }),
  })
  .strict()
  // The one rule that needs the account name (the USCC); the field itself checked the others.
  .superRefine((input, ctx) => {
    const problems = passwordProblems(input.password, input.uscc ?? '').filter((p) => p.code === 'PASSWORD_CONTAINS_USERNAME');
    for (const problem of problems) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: problem.message, params: { code: problem.code } });
    }
  }) satisfies z.ZodType<RegistrationRequest>;

export function enterpriseRoutes(registration: EnterpriseRegistrationService): Router {
  const router = apiRouter({ prefix: '/api/v1/enterprises' });
  router.post('/registrations', async (ctx) => {
    const input = parseInput(registrationSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = (await registration.register(input, ctx.ip)) satisfies components['schemas']['Enterprise'];
  });
  router.post('/registrations/mobile-code', async (ctx) => {
    const { mobile } = parseInput(mobileCodeSchema, ctx.request.body);
    await registration.sendMobileCode(mobile, ctx.ip);
    ctx.status = 202;
    ctx.body = { message: '验证码已发送' } satisfies components['schemas']['RegistrationCodeSent'];
  });
  return router;
}
