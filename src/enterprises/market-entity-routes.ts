import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import { requireRole } from '../http/auth.js';
import { usccField } from '../http/field-schemas.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { ROLES } from '../platform/roles.js';
import type { MarketEntityService } from './market-entity-service.js';

/** Register lookup (市场主体登记查询) for platform operators, the financial office and data sources; the districts for every person. */
export function marketEntityRoutes(marketEntities: MarketEntityService): Router {
  const router = apiRouter({ prefix: '/api/v1' });
  router.get('/market-entities/:uscc', async (ctx) => {
    requireRole(ctx, 'admin', 'financial_office', 'data_source');
    const { uscc } = parseInput(z.object({ uscc: usccField() }), ctx.params);
    ctx.body = (await marketEntities.lookup(uscc)) satisfies components['schemas']['MarketEntity'];
  });
  router.get('/districts', async (ctx) => {
    requireRole(ctx, ...ROLES);
    ctx.body = { items: await marketEntities.districts() } satisfies components['schemas']['DistrictList'];
  });
  return router;
}
