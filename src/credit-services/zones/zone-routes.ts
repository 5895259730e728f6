import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import type { Context } from 'koa';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import { calendarDate, text } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import { productView } from '../../lending/products/product-views.js';
import type { Principal } from '../../platform/roles.js';
import { ZONE_CODES, type Zone } from './zone.js';
import { MAX_FEATURED, type ZoneService } from './zone-service.js';

type Schemas = components['schemas'];

const codeParams = z.object({ code: z.enum(ZONE_CODES, { error: '没有这个专区' }) });
const curationBody = z.strictObject({
  intro: text('专区简介', 1000),
  featuredProductIds: z.array(z.uuid({ error: '产品编号格式不正确' }), { error: '推荐产品应为列表' }).max(MAX_FEATURED, `最多推荐 ${MAX_FEATURED} 个产品`),
  policies: z
    .array(
      z.strictObject({
        title: text('政策标题', 200),
        summary: text('政策摘要', 2000),
        sourceDocument: text('文件名称及文号', 200),
        effectiveFrom: calendarDate('施行日期'),
      }),
      { error: '政策应为列表' },
    )
    .max(20, '最多 20 条政策'),
});

const zoneView = (z: Zone): Schemas['Zone'] => ({
  code: z.code,
  name: z.name,
  intro: z.intro,
  featuredProductIds: z.featuredProductIds,
  policies: z.policies,
  updatedAt: z.updatedAt?.toISOString() ?? null,
});

/** 专区: the public page, the enterprise's eligibility, the office's curation. */
export function zoneRoutes(zones: ZoneService): Router {
  const router = apiRouter({ prefix: '/api/v1' });
  router.get('/public/zones/:code', async (ctx: Context) => {
    const { code } = parseInput(codeParams, ctx.params);
    const page = await zones.page(ctx.state.principal as Principal | undefined, code);
    ctx.body = { ...zoneView(page), products: page.products.map((p) => ({ ...productView(p), featured: p.featured })) } satisfies Schemas['ZonePage'];
  });
  router.get('/me/zones/:code/eligibility', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    const { code } = parseInput(codeParams, ctx.params);
    ctx.body = (await zones.eligibility(principal.enterpriseId!, code)) satisfies Schemas['ZoneEligibility'];
  });
  router.put('/zones/:code', async (ctx) => {
    const principal = requireRole(ctx, 'financial_office', 'admin');
    const { code } = parseInput(codeParams, ctx.params);
    ctx.body = zoneView(await zones.curate(principal, code, parseInput(curationBody, ctx.request.body)));
  });
  return router;
}
