import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { requireRole } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import type { ProfileService } from './profile-service.js';

/** 我的信用画像: the enterprise reads its own profile. Institutions read profiles only through the consent gate. */
export function profileRoutes(profiles: ProfileService): Router {
  const router = apiRouter({ prefix: '/api/v1/me' });
  router.get('/profile', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    const profile = await profiles.ownProfile(principal.enterpriseId!);
    ctx.body = { ...profile, builtAt: new Date(profile.builtAt).toISOString() } satisfies components['schemas']['CreditProfile'];
  });
  return router;
}
