import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { requireRole } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { idParams } from '../lending/lending-schemas.js';
import type { GuaranteeProduct } from './guarantee-product.js';
import type { GuaranteeProductService } from './guarantee-product-service.js';
import { capacityInputSchema, eligibilityQuerySchema, guaranteeProductInputSchema, riskTemplateSchema } from './guarantee-schemas.js';

type Schemas = components['schemas'];

const productView = (p: GuaranteeProduct): Schemas['GuaranteeProduct'] => ({ ...p, createdAt: p.createdAt.toISOString() });

/** 风险分担模板, 担保产品, 担保额度 and the tech-firm lists. */
export function guaranteeProductRoutes(service: GuaranteeProductService): Router {
  const router = apiRouter({ prefix: '/api/v1' });
  router.get('/guarantee-templates', async (ctx) => {
    requireRole(ctx, 'bank_officer', 'guarantee_officer', 'financial_office', 'admin');
    ctx.body = { items: await service.templates() } satisfies Schemas['RiskTemplateList'];
  });
  router.post('/guarantee-templates', async (ctx) => {
    requireRole(ctx, 'admin', 'financial_office');
    const input = parseInput(riskTemplateSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = (await service.createTemplate(input)) satisfies Schemas['RiskTemplate'];
  });
  router.get('/guarantee-products', async (ctx) => {
    const viewer = requireRole(ctx, 'enterprise', 'bank_officer', 'guarantee_officer', 'financial_office', 'admin');
    ctx.body = { items: (await service.products(viewer)).map(productView) } satisfies Schemas['GuaranteeProductList'];
  });
  router.post('/guarantee-products', async (ctx) => {
    const officer = requireRole(ctx, 'guarantee_officer');
    const draft = parseInput(guaranteeProductInputSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = productView(await service.createProduct(officer, draft));
  });
  router.put('/guarantee-products/:id', async (ctx) => {
    const officer = requireRole(ctx, 'guarantee_officer');
    const { id } = parseInput(idParams, ctx.params);
    const draft = parseInput(guaranteeProductInputSchema, ctx.request.body);
    ctx.body = productView(await service.updateProduct(officer, id, draft));
  });
  router.get('/guarantee-products/:id/eligibility', async (ctx) => {
    const sme = requireRole(ctx, 'enterprise');
    const { id } = parseInput(idParams, ctx.params);
    const { amount, termMonths } = parseInput(eligibilityQuerySchema, ctx.query);
    ctx.body = (await service.smeEligibility(sme, id, amount, termMonths)) satisfies Schemas['GuaranteeEligibility'];
  });
  router.get('/guarantee-capacity', async (ctx) => {
    ctx.body = (await service.ownCapacity(requireRole(ctx, 'guarantee_officer'))) satisfies Schemas['GuaranteeCapacity'];
  });
  router.put('/guarantee-capacity', async (ctx) => {
    const officer = requireRole(ctx, 'guarantee_officer');
    const { batchLimit } = parseInput(capacityInputSchema, ctx.request.body);
    ctx.body = (await service.setBatchLimit(officer, batchLimit)) satisfies Schemas['GuaranteeCapacity'];
  });
  return router;
}
