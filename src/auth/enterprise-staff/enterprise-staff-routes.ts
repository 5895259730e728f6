import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { principalOf } from '../../http/auth.js';
import { text } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import type { EnterpriseStaffService } from './enterprise-staff-service.js';

type Schemas = components['schemas'];

const STAFF_POSITION = z.enum(['authorised_staff', 'staff'], { error: '请选择岗位' });

const staffSchema = z
  .object({
    username: z
      .string({ error: '请输入账号' })
      .trim()
      .toLowerCase()
      .regex(/^[a-z][a-z0-9_.-]{2,31}$/, '账号为3–32位小写字母、数字、下划线、点或连字符，以字母开头'),
    displayName: text('姓名', 50),
    mobile: z.string({ error: '请输入手机号' }).trim().regex(/^1[3-9]\d{9}$/, '请输入11位中国大陆手机号'),
    position: STAFF_POSITION,
  })
  .strict() satisfies z.ZodType<Schemas['EnterpriseStaffRequest']>;

const updateSchema = z
  .object({ status: z.enum(['active', 'disabled'], { error: '状态应为启用或停用' }).optional(), position: STAFF_POSITION.optional() })
  .strict()
  .refine((u) => u.status !== undefined || u.position !== undefined, { message: '请指定状态或岗位', path: ['status'] }) satisfies z.ZodType<
  Schemas['EnterpriseStaffUpdate']
>;

/** 企业人员管理: the legal representative's account manages the firm's staff accounts. */
export function enterpriseStaffRoutes(staff: EnterpriseStaffService): Router {
  const router = apiRouter({ prefix: '/api/v1/enterprise/staff' });
  router.get('/', async (ctx) => {
    ctx.body = { items: await staff.list(principalOf(ctx)) } satisfies Schemas['EnterpriseStaffList'];
  });
  router.post('/', async (ctx) => {
    const principal = principalOf(ctx);
    staff.assertLegalRepresentative(principal);
    const input = parseInput(staffSchema, ctx.request.body);
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = (await staff.add(principal, input)) satisfies Schemas['EnterpriseStaffCreated'];
  });
  router.patch('/:userId', async (ctx) => {
    const principal = principalOf(ctx);
    staff.assertLegalRepresentative(principal);
    const { userId } = parseInput(z.object({ userId: z.uuid('人员编号格式不正确') }), ctx.params);
    const change = parseInput(updateSchema, ctx.request.body);
    ctx.body = (await staff.update(principal, userId, change)) satisfies Schemas['EnterpriseStaffMember'];
  });
  return router;
}
