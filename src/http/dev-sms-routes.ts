import type Router from '@koa/router';
import { apiRouter } from './router.js';
import { notFound } from '../platform/errors.js';
import type { SmsInbox } from '../platform/sms/sms-gateway.js';
import { requireRole } from './auth.js';
import type { components } from './generated/api.js';

/** 开发收件箱: what the SMS simulator "sent"; admin only, and only while the simulator is the gateway. */
export function devSmsRoutes(inbox: SmsInbox | undefined): Router {
  const router = apiRouter({ prefix: '/api/v1/admin/dev/sms-messages' });
  router.get('/', async (ctx) => {
    requireRole(ctx, 'admin');
    if (!inbox) throw notFound('SMS_SIMULATOR_OFF', '短信模拟器未启用（已配置真实短信网关）');
    const items = (await inbox.latest(100)).map((m) => ({ ...m, sentAt: m.sentAt.toISOString() }));
    ctx.body = { items } satisfies components['schemas']['DevSmsList'];
  });
  return router;
}
