import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import type { Context } from 'koa';
import { requireRole } from '../../http/auth.js';
import type { components } from '../../http/generated/api.js';
import { answerIdempotently } from '../../http/idempotency-key.js';
import { parseInput } from '../../http/validate.js';
import type { IdempotencyService } from '../../platform/idempotency/idempotency-service.js';
import type { Principal } from '../../platform/roles.js';
import { idParams } from '../lending-schemas.js';
import { productInputSchema, productQuerySchema, productPublishSchema, productReturnSchema } from './product-schemas.js';
import { productReviewView, productView } from './product-views.js';
import type { ProductService } from './product-service.js';

const optionalPrincipal = (ctx: Context) => ctx.state.principal as Principal | undefined;

/** 金融产品: browse (public; an SME sees its match), banks draft, the admin publishes. */
export function productRoutes(products: ProductService, idempotency: IdempotencyService): Router {
  const router = apiRouter({ prefix: '/api/v1/loan-products' });
  router.get('/', async (ctx) => {
    const filter = parseInput(productQuerySchema, ctx.query);
    const items = await products.browse(optionalPrincipal(ctx), filter);
    ctx.body = { items: items.map(productView) } satisfies components['schemas']['LoanProductList'];
  });
  router.post('/', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const draft = parseInput(productInputSchema, ctx.request.body);
    // A bank's product system retrying after a lost answer drafts the product once.
    await answerIdempotently(ctx, idempotency, { callerId: officer.userId, operation: 'loan-products.create' }, draft, {
      run: async (applied) => ({ status: 201, body: productView(await products.createDraft(officer, draft, applied)) }),
      answerApplied: async (id) => ({ status: 201, body: productView(await products.visibleTo(officer, id)) }),
    });
  });
  router.get('/:id', async (ctx) => {
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = productView(await products.visibleTo(optionalPrincipal(ctx), id));
  });
  router.put('/:id', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = productView(await products.updateDraft(officer, id, parseInput(productInputSchema, ctx.request.body)));
  });
  router.get('/:id/reviews', async (ctx) => {
    const viewer = requireRole(ctx, 'bank_officer', 'admin');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = { items: (await products.reviewsOf(viewer, id)).map(productReviewView) } satisfies components['schemas']['LoanProductReviewList'];
  });
  router.post('/:id/publish', async (ctx) => {
    const admin = requireRole(ctx, 'admin');
    const { id } = parseInput(idParams, ctx.params);
    const { revision } = parseInput(productPublishSchema, ctx.request.body);
    ctx.body = productView(await products.publish(admin, id, revision));
  });
  router.post('/:id/return', async (ctx) => {
    const admin = requireRole(ctx, 'admin');
    const { id } = parseInput(idParams, ctx.params);
    const { reason } = parseInput(productReturnSchema, ctx.request.body);
    ctx.body = productView(await products.returnToBank(admin, id, reason));
  });
  router.post('/:id/withdraw', async (ctx) => {
    const admin = requireRole(ctx, 'admin');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = productView(await products.withdraw(admin, id));
  });
  return router;
}
