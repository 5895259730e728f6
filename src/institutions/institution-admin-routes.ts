import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import { requireRole } from '../http/auth.js';
import { text, usccField } from '../http/field-schemas.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { INSTITUTION_TYPES } from '../platform/roles.js';
import { CHANGE_ACTIONS, type InstitutionChange } from './institution-change.js';
import type { InstitutionChangeService } from './institution-change-service.js';

type Schemas = components['schemas'];


const profileSchema = z
  .object({
    code: z.string({ error: '请填写机构代码' }).trim().toUpperCase().regex(/^[A-Z][A-Z0-9_]{1,31}$/, '机构代码为2–32位大写字母、数字或下划线，以字母开头'),
    name: text('机构名称', 100),
    type: z.enum(INSTITUTION_TYPES, { error: '请选择机构类型' }),
    uscc: usccField(),
    parentId: z.uuid('上级机构编号格式不正确').nullable().default(null),
    financialCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[0-9A-Z]{14}$/, '金融机构编码应为14位数字或大写字母')
      .nullable()
      .default(null),
  })
  .strict();

const proposalSchema = z
  .object({
    action: z.enum(CHANGE_ACTIONS, { error: '请选择变更类型' }),
    institutionId: z.uuid('机构编号格式不正确').nullable().default(null),
    profile: profileSchema.optional(),
    categories: z.array(z.string().max(64), { error: '请列出报送类别' }).max(50).optional(),
    reason: text('原因', 200, { optional: true }).optional(),
  })
  .strict() satisfies z.ZodType<Schemas['InstitutionChangeRequest'], unknown>;

const listQuery = z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional(), institutionId: z.uuid().optional() });
const changeParam = z.object({ changeId: z.uuid('申请编号格式不正确') });

const view = (c: InstitutionChange): Schemas['InstitutionChange'] => ({
  ...c,
  proposedAt: c.proposedAt.toISOString(),
  decidedAt: c.decidedAt?.toISOString() ?? null,
});

/** 机构管理 (platform admin): propose, approve (another admin), reject; the list is the audit trail. */
export function institutionAdminRoutes(changes: InstitutionChangeService): Router {
  const router = apiRouter({ prefix: '/api/v1/admin/institution-changes' });
  router.get('/', async (ctx) => {
    requireRole(ctx, 'admin');
    const filter = parseInput(listQuery, ctx.query);
    ctx.body = { items: (await changes.list(filter)).map(view) } satisfies Schemas['InstitutionChangeList'];
  });
  router.post('/', async (ctx) => {
    const principal = requireRole(ctx, 'admin');
    const { action, institutionId, ...proposal } = parseInput(proposalSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = view(await changes.propose(principal, action, institutionId, proposal));
  });
  router.post('/:changeId/approve', async (ctx) => {
    const principal = requireRole(ctx, 'admin');
    const { changeId } = parseInput(changeParam, ctx.params);
    ctx.body = view(await changes.approve(principal, changeId));
  });
  router.post('/:changeId/reject', async (ctx) => {
    const principal = requireRole(ctx, 'admin');
    const { changeId } = parseInput(changeParam, ctx.params);
    ctx.body = view(await changes.reject(principal, changeId));
  });
  return router;
}
