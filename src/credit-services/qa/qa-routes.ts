import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import { text } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import { QUESTION_STATUSES, type Question } from './qa.js';
import type { QaService } from './qa-service.js';

type Schemas = components['schemas'];

const idParams = z.object({ id: z.uuid({ error: '编号格式不正确' }) });
const askBody = z.strictObject({ title: text('问题标题', 100), body: text('问题描述', 2000) });
const answerBody = z.strictObject({ body: text('回答内容', 4000) });
const moderationBody = z.strictObject({ status: z.enum(['published', 'hidden'], { error: '处理结果应为公开或隐藏' }) });
const queueQuery = z.object({ status: z.enum(QUESTION_STATUSES, { error: '不支持的问题状态' }).default('pending') });

const questionView = (q: Question): Schemas['QaQuestion'] => ({
  id: q.id,
  title: q.title,
  body: q.body,
  status: q.status,
  askedAt: q.askedAt.toISOString(),
  answers: q.answers.map((a) => ({ id: a.id, institutionName: a.institutionName, body: a.body, status: a.status, answeredAt: a.answeredAt.toISOString() })),
});
const list = (items: Question[]): Schemas['QaQuestionList'] => ({ items: items.map(questionView) });

/** 专家问答: the public board, the enterprise's questions, the experts' answers, moderation. */
export function qaRoutes(qa: QaService): Router {
  const router = apiRouter({ prefix: '/api/v1' });
  router.get('/public/qa/questions', async (ctx) => {
    ctx.body = list(await qa.board());
  });
  router.get('/me/qa/questions', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    ctx.body = list(await qa.own(principal.enterpriseId!));
  });
  router.post('/me/qa/questions', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    ctx.status = 201;
    ctx.body = questionView(await qa.ask(principal.enterpriseId!, parseInput(askBody, ctx.request.body)));
  });
  router.post('/qa/questions/:id/answers', async (ctx) => {
    const principal = requireRole(ctx, 'bank_officer', 'guarantee_officer');
    const { id } = parseInput(idParams, ctx.params);
    ctx.status = 201;
    ctx.body = await qa.answer(principal, id, parseInput(answerBody, ctx.request.body).body);
  });
  router.get('/qa/moderation', async (ctx) => {
    requireRole(ctx, 'financial_office', 'admin');
    ctx.body = list(await qa.moderationQueue(parseInput(queueQuery, ctx.query).status));
  });
  router.post('/qa/questions/:id/moderation', async (ctx) => {
    const principal = requireRole(ctx, 'financial_office', 'admin');
    const { id } = parseInput(idParams, ctx.params);
    await qa.moderateQuestion(principal, id, parseInput(moderationBody, ctx.request.body).status);
    ctx.status = 204;
  });
  router.post('/qa/answers/:id/moderation', async (ctx) => {
    requireRole(ctx, 'financial_office', 'admin');
    const { id } = parseInput(idParams, ctx.params);
    await qa.moderateAnswer(id, parseInput(moderationBody, ctx.request.body).status);
    ctx.status = 204;
  });
  return router;
}
