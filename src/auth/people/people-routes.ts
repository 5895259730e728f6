import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { principalOf } from '../../http/auth.js';
import { text } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import { INSTITUTION_POSITIONS } from '../../platform/roles.js';
import type { PeopleService } from './people-service.js';

type Schemas = components['schemas'];

const MOBILE = z.string({ error: '请输入手机号' }).trim().regex(/^1[3-9]\d{9}$/, '请输入11位中国大陆手机号');

const invitationSchema = z
  .object({
    username: z
      .string({ error: '请输入账号' })
      .trim()
      .toLowerCase()
      .regex(/^[a-z][a-z0-9_.-]{2,31}$/, '账号为3–32位小写字母、数字、下划线、点或连字符，以字母开头'),
    displayName: text('姓名', 50),
    mobile: MOBILE,
    position: z.enum(INSTITUTION_POSITIONS, { error: '请选择岗位' }),
  })
  .strict() satisfies z.ZodType<Schemas['InvitationRequest']>;

const acceptSchema = z
  .object({ password: z.string({ error: '请输入密码' }).max(128, '密码最长64位') })
  .strict() satisfies z.ZodType<Schemas['InvitationAcceptRequest']>;

const statusSchema = z.object({ status: z.enum(['active', 'disabled'], { error: '状态应为启用或停用' }) }).strict() satisfies z.ZodType<Schemas['PersonStatusUpdate']>;

const institutionParam = z.object({ institutionId: z.uuid('机构编号格式不正确') });
const invitationParams = z.object({ institutionId: z.uuid('机构编号格式不正确'), invitationId: z.uuid('邀请编号格式不正确') });
const tokenParam = z.object({ token: z.string().regex(/^inv_[A-Za-z0-9_-]{20,80}$/, '邀请链接无效') });

/** 人员管理 and 邀请: institution admins (and the platform admin) manage people; the invitee accepts without a login. */
export function peopleRoutes(people: PeopleService): Router {
  const router = apiRouter({ prefix: '/api/v1' });
  router.get('/institutions/:institutionId/people', async (ctx) => {
    const principal = principalOf(ctx);
    const { institutionId } = parseInput(institutionParam, ctx.params);
    ctx.body = { items: await people.list(principal, institutionId) } satisfies Schemas['PersonList'];
  });
  router.post('/institutions/:institutionId/invitations', async (ctx) => {
    const principal = principalOf(ctx);
    const { institutionId } = parseInput(institutionParam, ctx.params);
    if (principal.role !== 'admin') people.assertManages(principal, institutionId);
    else people.assertManages(principal);
    const input = parseInput(invitationSchema, ctx.request.body);
    const { token, expiresAt, awaitingApproval } = await people.invite(principal, institutionId, input);
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { token, expiresAt, path: `/invitation/${token}`, awaitingApproval } satisfies Schemas['InvitationIssued'];
  });
  router.get('/institutions/:institutionId/invitations', async (ctx) => {
    const principal = principalOf(ctx);
    people.assertManages(principal);
    const { institutionId } = parseInput(institutionParam, ctx.params);
    ctx.body = { items: await people.openInvitations(principal, institutionId) } satisfies Schemas['OpenInvitationList'];
  });
  router.post('/institutions/:institutionId/invitations/:invitationId/cancel', async (ctx) => {
    const principal = principalOf(ctx);
    people.assertManages(principal);
    const { institutionId, invitationId } = parseInput(invitationParams, ctx.params);
    ctx.body = (await people.cancelInvitation(principal, institutionId, invitationId)) satisfies Schemas['CancelledInvitation'];
  });
  router.get('/admin/admin-invitations', async (ctx) => {
    const items = await people.pendingAdminInvitations(principalOf(ctx));
    ctx.body = {
      items: items.map((i) => ({ id: i.id, username: i.username, displayName: i.displayName, invitedByName: i.invitedByName, createdAt: i.createdAt.toISOString(), expiresAt: i.expiresAt.toISOString() })),
    } satisfies Schemas['PendingAdminInvitationList'];
  });
  router.post('/admin/admin-invitations/:invitationId/approve', async (ctx) => {
    const principal = principalOf(ctx);
    people.assertPlatformAdmin(principal);
    const { invitationId } = parseInput(z.object({ invitationId: z.uuid('邀请编号格式不正确') }), ctx.params);
    await people.approveAdminInvitation(principal, invitationId);
    ctx.status = 204;
  });
  router.patch('/people/:userId/status', async (ctx) => {
    const principal = principalOf(ctx);
    people.assertManages(principal);
    const { userId } = parseInput(z.object({ userId: z.uuid('人员编号格式不正确') }), ctx.params);
    const { status } = parseInput(statusSchema, ctx.request.body);
    ctx.body = (await people.setStatus(principal, userId, status)) satisfies Schemas['Person'];
  });
  router.get('/invitations/:token', async (ctx) => {
    const { token } = parseInput(tokenParam, ctx.params);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = (await people.preview(token)) satisfies Schemas['InvitationPreview'];
  });
  router.post('/invitations/:token/accept', async (ctx) => {
    const { token } = parseInput(tokenParam, ctx.params);
    const { password } = parseInput(acceptSchema, ctx.request.body);
    ctx.body = (await people.accept(token, password)) satisfies Schemas['InvitationAccepted'];
  });
  return router;
}
