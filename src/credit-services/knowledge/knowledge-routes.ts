import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import { calendarDate, text } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import { ARTICLE_KINDS, type Article } from './knowledge.js';
import type { KnowledgeService } from './knowledge-service.js';
import { plainText } from './rich-text.js';

type Schemas = components['schemas'];

const kind = z.enum(ARTICLE_KINDS, { error: '内容类型应为政策、金融知识或常见问题' });
const idParams = z.object({ id: z.uuid({ error: '内容编号格式不正确' }) });
const searchQuery = z.object({
  q: text('搜索词', 100, { optional: true }).optional(),
  kind: kind.optional(),
  tag: text('标签', 20, { optional: true }).optional(),
  featured: z.enum(['true', 'false'], { error: 'featured 应为 true 或 false' }).optional(),
});
const articleBody = z.strictObject({
  kind,
  title: text('标题', 200),
  bodyHtml: z.string({ error: '请填写正文' }).max(100_000, '正文最长 100000 个字符'),
  sourceDocument: text('来源文件', 200, { optional: true }).nullable().default(null).transform((v) => v || null),
  effectiveFrom: calendarDate('施行日期').nullable().default(null),
  effectiveTo: calendarDate('失效日期').nullable().default(null),
  tags: z.array(text('标签', 20), { error: '标签应为列表' }).max(10, '最多 10 个标签').default([]),
  featured: z.boolean({ error: 'featured 应为布尔值' }).default(false),
});

const EXCERPT = 120;
const summaryView = (a: Article): Schemas['KnowledgeSummary'] => ({
  id: a.id,
  kind: a.kind,
  title: a.title,
  excerpt: [...plainText(a.bodyHtml)].slice(0, EXCERPT).join(''),
  sourceDocument: a.sourceDocument,
  effectiveFrom: a.effectiveFrom,
  effectiveTo: a.effectiveTo,
  tags: a.tags,
  featured: a.featured,
  updatedAt: a.updatedAt.toISOString(),
});
const articleView = (a: Article): Schemas['KnowledgeArticle'] => ({ ...summaryView(a), bodyHtml: a.bodyHtml });

/** 政策与知识专栏: public reading and search; the admin and the financial office write. */
export function knowledgeRoutes(knowledge: KnowledgeService): Router {
  const router = apiRouter({ prefix: '/api/v1' });
  router.get('/public/knowledge', async (ctx) => {
    const q = parseInput(searchQuery, ctx.query);
    const items = await knowledge.search({ ...q, featured: q.featured === undefined ? undefined : q.featured === 'true' });
    ctx.body = { items: items.map(summaryView) } satisfies Schemas['KnowledgeList'];
  });
  router.get('/public/knowledge/:id', async (ctx) => {
    ctx.body = articleView(await knowledge.get(parseInput(idParams, ctx.params).id));
  });
  router.post('/knowledge', async (ctx) => {
    const principal = requireRole(ctx, 'financial_office', 'admin');
    const input = parseInput(articleBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = articleView(await knowledge.create(principal, input));
  });
  router.put('/knowledge/:id', async (ctx) => {
    const principal = requireRole(ctx, 'financial_office', 'admin');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = articleView(await knowledge.update(principal, id, parseInput(articleBody, ctx.request.body)));
  });
  return router;
}
