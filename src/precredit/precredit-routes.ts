import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import { principalOf, requireRole } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { BoundedConcurrency } from '../platform/bounded-concurrency.js';
import { DomainError, rateLimited, validationError } from '../platform/errors.js';
import type { Principal } from '../platform/roles.js';
import { INPUT_CATALOG } from './input-catalog.js';
import type { ModelService } from './model-service.js';
import type { MonitoringService } from './monitoring-service.js';
import type { RecommendationService } from './recommendation-service.js';
import type { WhitelistService } from './whitelist-service.js';
import { whitelistWorkbook } from './whitelist-workbook.js';

const idParams = z.object({ id: z.uuid('编号格式不正确') });
type Schemas = components['schemas'];
const document = z.record(z.string(), z.unknown(), { error: '模型应为 JSON 对象' });
const createSchema = z.strictObject({ document: document.optional(), basedOn: z.uuid().optional() }) satisfies z.ZodType<unknown, Schemas['PrecreditModelCreate']>;
const documentSchema = z.strictObject({ document }) satisfies z.ZodType<unknown, Schemas['PrecreditModelDocument']>;
const activationSchema = z.strictObject({
  revision: z.number({ error: '请给出复核的草稿修订号' }).int('草稿修订号应为正整数').min(1, '草稿修订号应为正整数').max(2_147_483_647, '草稿修订号过大'),
}) satisfies z.ZodType<unknown, Schemas['PrecreditActivationInput']>;
const trainingSchema = z.strictObject({
  source: z.enum(['platform', 'upload'], { error: '训练数据来源应为 platform（平台贷款结果）或 upload（上传带标签文件）' }),
  csv: z.string().max(50_000_000).optional(),
  name: z.string().min(2).max(60).optional(),
}) satisfies z.ZodType<unknown, Schemas['PrecreditTrainingRequest']>;
const listSchema = z.object({
  grade: z.string().max(4).optional(),
  minLimit: z.string().regex(/^\d{1,16}(\.\d{1,2})?$/, '金额格式不正确').optional(),
  q: z.string().max(60).optional(),
  listedOnly: z.enum(['true', 'false']).default('true'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
const changesSchema = z.object({
  since: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(5_000).default(1_000),
});
const monitoringSchema = z.object({ bankId: z.uuid().optional() });

/**
 * A bank's officer. Model changes and activation are for people only: no machine-client scope
 * lists them (src/auth/client-scopes.ts), so the client-scope guard refuses a client first.
 */
const officer = (ctx: Parameters<typeof requireRole>[0]): Principal => requireRole(ctx, 'bank_officer');

/** A bank officer, or a bank machine client holding `precredit:read` (white-list reads, runs). */
const bankReader = (ctx: Parameters<typeof requireRole>[0]): string => requireRole(ctx, 'bank_officer').institutionId!;

/** 预授信: bank models (maker-checker), white lists, monitoring; the SME's results and recommendations. */
export function precreditRoutes(models: ModelService, whitelist: WhitelistService, monitoring: MonitoringService, recommendations: RecommendationService): Router {
  // A white list of up to 100,000 rows is built in memory (rows, then the workbook): one export
  // at a time per process, three waiting, so concurrent calls (a bank's system retrying) cannot
  // hold a copy each and exhaust the process's memory.
  const workbookExports = new BoundedConcurrency({ maxActive: 1, maxQueued: 3 }, () => rateLimited('EXPORT_BUSY', '白名单导出任务较多，请稍后再试', 5));
  // A fit runs on the event loop (about 0.2 s for a few thousand rows): one at a time per process,
  // three waiting, so a burst of trainings is refused instead of holding every other request.
  const trainings = new BoundedConcurrency(
    { maxActive: 1, maxQueued: 3 },
    () => new DomainError('unavailable', 'TRAINING_BUSY', '模型训练任务较多，请稍后重试（本次未训练）', [], { retryAfterSeconds: 5 }),
  );
  const router = apiRouter({ prefix: '/api/v1/precredit' });

  router.get('/inputs', (ctx) => {
    principalOf(ctx);
    ctx.body = { items: INPUT_CATALOG.map(({ code, label, kind, unit }) => ({ code, label, kind, unit })) };
  });
  router.get('/models', async (ctx) => {
    const p = requireRole(ctx, 'bank_officer', 'admin');
    ctx.body = await models.list(p);
  });
  router.post('/models', async (ctx) => {
    const who = officer(ctx);
    const input = parseInput(createSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await models.createDraft(who, input);
  });
  router.post('/models/validate', (ctx) => {
    requireRole(ctx, 'bank_officer', 'admin');
    const { document } = parseInput(documentSchema, ctx.request.body);
    try {
      models.validate(document);
      ctx.body = { valid: true, errors: [] };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      ctx.body = { valid: false, errors: error.errors };
    }
  });
  router.post('/models/training', async (ctx) => {
    const who = officer(ctx);
    const input = parseInput(trainingSchema, ctx.request.body);
    const model = await trainings.run(() => models.train(who, input));
    ctx.status = 201;
    ctx.body = model;
  });
  router.get('/models/:id', async (ctx) => {
    const p = requireRole(ctx, 'bank_officer', 'admin');
    ctx.body = await models.get(p, parseInput(idParams, ctx.params).id);
  });
  router.put('/models/:id', async (ctx) => {
    const who = officer(ctx);
    const { document } = parseInput(documentSchema, ctx.request.body);
    ctx.body = await models.updateDraft(who, parseInput(idParams, ctx.params).id, document);
  });
  router.post('/models/:id/activation-request', async (ctx) => {
    ctx.body = await models.requestActivation(officer(ctx), parseInput(idParams, ctx.params).id);
  });
  router.post('/models/:id/activate', async (ctx) => {
    const who = officer(ctx);
    const { id } = parseInput(idParams, ctx.params);
    const { revision } = parseInput(activationSchema, ctx.request.body);
    ctx.body = await models.approveActivation(who, id, revision);
  });

  router.post('/whitelist/runs', async (ctx) => {
    const bankId = bankReader(ctx);
    ctx.status = 202;
    ctx.body = await whitelist.start(bankId, 'manual', principalOf(ctx).userId);
  });
  router.get('/whitelist/runs', async (ctx) => {
    ctx.body = { items: await whitelist.runs(bankReader(ctx)) };
  });
  router.get('/whitelist/runs/:id', async (ctx) => {
    ctx.body = await whitelist.run(bankReader(ctx), parseInput(idParams, ctx.params).id);
  });
  router.get('/whitelist', async (ctx) => {
    const bankId = bankReader(ctx);
    const { page, pageSize, listedOnly, ...filter } = parseInput(listSchema, ctx.query);
    const { items, total } = await whitelist.list(bankId, { ...filter, listedOnly: listedOnly === 'true', offset: (page - 1) * pageSize, limit: pageSize });
    ctx.body = { items, total, page, pageSize };
  });
  router.get('/whitelist.xlsx', async (ctx) => {
    const bankId = bankReader(ctx);
    const { page: _page, pageSize: _size, listedOnly, ...filter } = parseInput(listSchema, ctx.query);
    const workbook = await workbookExports.run(async () => {
      const { items } = await whitelist.list(bankId, { ...filter, listedOnly: listedOnly === 'true', offset: 0, limit: 100_000 });
      return whitelistWorkbook(items);
    });
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.attachment('precredit-whitelist.xlsx');
    ctx.body = workbook;
  });
  router.get('/whitelist/changes', async (ctx) => {
    const bankId = bankReader(ctx);
    const { since, limit } = parseInput(changesSchema, ctx.query);
    ctx.body = await whitelist.changes(bankId, since, limit);
  });

  router.get('/monitoring', async (ctx) => {
    const p = requireRole(ctx, 'bank_officer', 'admin');
    const { bankId } = parseInput(monitoringSchema, ctx.query);
    const bank = p.role === 'admin' ? bankId : p.institutionId;
    if (!bank) throw validationError('BANK_REQUIRED', '请选择银行', [{ field: 'bankId', code: 'REQUIRED', message: '请选择银行' }]);
    ctx.body = await monitoring.report(bank);
  });

  router.get('/my-results', async (ctx) => {
    const p = requireRole(ctx, 'enterprise');
    ctx.body = { items: await whitelist.forEnterprise(p.enterpriseId!) };
  });
  router.get('/recommendations', async (ctx) => {
    const p = requireRole(ctx, 'enterprise');
    ctx.body = { items: await recommendations.forEnterprise(p) };
  });
  return router;
}
