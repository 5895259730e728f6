import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import { CATEGORIES } from '../category-registry.js';
import type { SourceCategoryService } from './source-categories.js';

type Schemas = components['schemas'];

const NAMES = CATEGORIES.map((c) => c.category) as [string, ...string[]];

const updateSchema = z
  .object({
    categories: z.array(z.enum(NAMES, { error: '不支持的数据类别' }), { error: '请列出数据类别' }).max(50),
  })
  .strict() satisfies z.ZodType<Schemas['SourceCategoriesUpdate']>;

/** 数据源报送权限: the admin sets which categories each data-source department may deliver. */
export function sourceCategoryRoutes(sources: SourceCategoryService): Router {
  const router = apiRouter({ prefix: '/api/v1/admin/source-categories' });

  router.get('/', async (ctx) => {
    requireRole(ctx, 'admin');
    ctx.body = (await sources.list()) satisfies Schemas['SourceCategories'][];
  });

  router.put('/:institutionId', async (ctx) => {
    requireRole(ctx, 'admin');
    const { institutionId } = parseInput(z.object({ institutionId: z.uuid('部门编号格式不正确') }), ctx.params);
    const { categories } = parseInput(updateSchema, ctx.request.body);
    ctx.body = (await sources.set(institutionId, categories)) satisfies Schemas['SourceCategories'];
  });

  return router;
}
