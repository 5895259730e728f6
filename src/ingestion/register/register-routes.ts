import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { requireRole } from '../../http/auth.js';
import type { components } from '../../http/generated/api.js';
import type { RegisterService } from './register-service.js';

type Schemas = components['schemas'];

/** Register denominators for the financial office. */
export function registerRoutes(register: RegisterService): Router {
  const router = apiRouter({ prefix: '/api/v1' });

  router.get('/register/denominators', async (ctx) => {
    requireRole(ctx, 'financial_office', 'admin');
    ctx.body = (await register.denominators()) satisfies Schemas['RegisterDenominator'][];
  });

  return router;
}
