import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import { text, usccField } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import { findCategory } from '../category-registry.js';
import { iso, recordView } from './record-views.js';
import type { CreditRecordService } from './record-service.js';

type Schemas = components['schemas'];

const noticeSchema = z
  .object({
    category: z.string({ error: '请指定数据类别' }).min(1, '请指定数据类别'),
    recordKey: z.string({ error: '请指定记录键' }).min(1, '请指定记录键').max(500),
    kind: z.enum(['repair', 'withdrawal'], { error: '通知类型应为 repair（信用修复）或 withdrawal（撤销）' }),
    noticeNo: text('通知文号', 100),
    reason: text('原因', 2000),
  })
  .strict() satisfies z.ZodType<Schemas['RepairNotice']>;

/** The most records one search answers; the answer says when there are more. */
export const RECORD_SEARCH_LIMIT = 200;

const recordSearchSchema = z.object({
  uscc: usccField(),
  category: z.string().min(1).optional(),
});

/** 信用修复 and 撤销 notices on delivered records, and a record's audit (history, notices, profile versions that used it). */
export function recordRoutes(records: CreditRecordService): Router {
  const router = apiRouter({ prefix: '/api/v1/ingestion' });

  router.post('/notices', async (ctx) => {
    const principal = requireRole(ctx, 'data_source', 'admin');
    const input = parseInput(noticeSchema, ctx.request.body);
    const result = await records.applyNotice(principal, input);
    ctx.status = result.repeated ? 200 : 201;
    ctx.body = {
      record: recordView(result.record),
      event: { ...result.event, receivedAt: iso(result.event.receivedAt)! },
      repeated: result.repeated,
      profileVersion: result.profileVersion,
    } satisfies Schemas['NoticeResult'];
  });

  router.get('/records', async (ctx) => {
    const principal = requireRole(ctx, 'data_source', 'admin');
    const { uscc, category } = parseInput(recordSearchSchema, ctx.query);
    const found = await records.enterpriseRecords(principal, uscc, category, RECORD_SEARCH_LIMIT);
    ctx.body = {
      items: found.records.map((r) => ({ ...recordView(r), categoryLabel: findCategory(r.category).label })),
      limit: RECORD_SEARCH_LIMIT,
      truncated: found.truncated,
    } satisfies Schemas['RecordSearchResult'];
  });

  router.get('/records/:category/:recordKey', async (ctx) => {
    const principal = requireRole(ctx, 'data_source', 'admin');
    const audit = await records.recordAudit(principal, ctx.params.category ?? '', ctx.params.recordKey ?? '');
    ctx.body = {
      record: recordView(audit.record),
      history: audit.history.map((h) => ({ ...h, receivedAt: iso(h.receivedAt)!, supersededAt: iso(h.supersededAt)! })),
      events: audit.events.map((e) => ({ ...e, receivedAt: iso(e.receivedAt)! })),
      usedByProfileVersions: audit.usedByProfileVersions.map((v) => ({ ...v, builtAt: iso(v.builtAt)! })),
    } satisfies Schemas['RecordAudit'];
  });

  return router;
}
