import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import { requireRole } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { administeredLenderInstitution } from '../platform/roles.js';
import { PREVIOUS_SECRET_MAX_HOURS, type InstitutionWebhookService } from './institution-webhook-service.js';

const webhookSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: '回调地址应为 http(s) URL' }).max(2_000, '回调地址过长'),
    keepPreviousSecretHours: z
      .number({ error: '旧密钥保留时长应为整数（小时）' })
      .int('旧密钥保留时长应为整数（小时）')
      .min(0, '旧密钥保留时长不能小于 0')
      .max(PREVIOUS_SECRET_MAX_HOURS, `旧密钥保留时长不能超过 ${PREVIOUS_SECRET_MAX_HOURS} 小时`)
      .optional(),
  })
  .strict() satisfies z.ZodType<components['schemas']['WebhookRequest']>;

const eventIdSchema = z.object({ eventId: z.string().max(200, '测试事件编号过长') });

/** 回调地址: where the platform sends an institution its signed events (e.g. consent.revoked). */
export function institutionWebhookRoutes(webhooks: InstitutionWebhookService): Router {
  const router = apiRouter({ prefix: '/api/v1/institution' });
  router.get('/webhook', async (ctx) => {
    ctx.body = (await webhooks.current(requireRole(ctx, 'bank_officer', 'guarantee_officer'))) satisfies components['schemas']['WebhookSetting'];
  });
  router.put('/webhook', async (ctx) => {
    // The role and position first: a caller who may not set a webhook learns nothing from validation errors.
    const principal = requireRole(ctx, 'bank_officer', 'guarantee_officer');
    administeredLenderInstitution(principal, '事件推送地址');
    const { url, keepPreviousSecretHours } = parseInput(webhookSchema, ctx.request.body);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = (await webhooks.configure(principal, url, keepPreviousSecretHours)) satisfies components['schemas']['WebhookConfig'];
  });
  // 发送测试事件: the 机构管理员 from the settings page, or the institution's client holding `webhooks:test`.
  router.post('/webhook/test', async (ctx) => {
    const test = await webhooks.sendTest(requireRole(ctx, 'bank_officer', 'guarantee_officer'));
    ctx.status = 202;
    ctx.body = test satisfies components['schemas']['WebhookTest'];
  });
  router.get('/webhook/test/:eventId', async (ctx) => {
    const principal = requireRole(ctx, 'bank_officer', 'guarantee_officer');
    const { eventId } = parseInput(eventIdSchema, ctx.params);
    ctx.body = (await webhooks.testResult(principal, eventId)) satisfies components['schemas']['WebhookTest'];
  });
  return router;
}
