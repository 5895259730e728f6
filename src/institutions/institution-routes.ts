import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import { principalOf } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { INSTITUTION_TYPES, PLATFORM_OPERATOR } from '../platform/roles.js';
import type { InstitutionService } from './institution-service.js';

const querySchema = z.object({ type: z.enum([...INSTITUTION_TYPES, PLATFORM_OPERATOR]).optional() });

/** 入驻机构: the banks, guarantee companies and departments on the platform (any logged-in user). */
export function institutionRoutes(institutions: InstitutionService): Router {
  const router = apiRouter({ prefix: '/api/v1' });
  router.get('/institutions', async (ctx) => {
    principalOf(ctx);
    const { type } = parseInput(querySchema, ctx.query);
    ctx.body = { items: await institutions.list({ type }) } satisfies components['schemas']['InstitutionList'];
  });
  return router;
}
