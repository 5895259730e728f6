import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import { text } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { readRawBytes } from '../../http/raw-body.js';
import { parseInput } from '../../http/validate.js';
import { findCategory } from '../../ingestion/category-registry.js';
import { MAX_ATTACHMENT_BYTES } from '../../platform/attachment-check.js';
import { OBJECTION_OUTCOMES, OBJECTION_STATUSES, type Objection, type ObjectionAttachment } from './objection.js';
import type { ObjectionService } from './objection-service.js';

type Schemas = components['schemas'];

const idParams = z.object({ id: z.uuid({ error: '异议编号格式不正确' }) });
const fileBody = z.strictObject({
  category: text('数据类别', 64),
  recordKey: text('记录标识', 200),
  reasons: text('异议理由', 2000),
});
const attachQuery = z.object({ fileName: text('文件名', 200) });
const listQuery = z.object({
  status: z.enum(OBJECTION_STATUSES, { error: '不支持的异议状态' }).optional(),
  escalated: z.enum(['true', 'false'], { error: 'escalated 应为 true 或 false' }).optional(),
});
const answerBody = z
  .strictObject({
    outcome: z.enum(OBJECTION_OUTCOMES, { error: '处理结果应为 corrected、withdrawn 或 upheld' }),
    reason: text('处理理由', 2000),
    correctionBatchId: z.uuid({ error: '批次编号格式不正确' }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'corrected' && !v.correctionBatchId) {
      ctx.addIssue({ code: 'custom', path: ['correctionBatchId'], message: '更正须填写重新报送的批次编号' });
    }
  });

export function objectionView(o: Objection): Schemas['CreditObjection'] {
  return {
    id: o.id,
    number: o.number,
    uscc: o.uscc,
    category: o.category,
    categoryLabel: findCategory(o.category).label,
    recordKey: o.recordKey,
    sourceInstitutionId: o.sourceInstitutionId,
    reasons: o.reasons,
    status: o.status,
    filedAt: o.filedAt.toISOString(),
    dueOn: o.dueOn,
    escalatedAt: o.escalatedAt?.toISOString() ?? null,
    answerReason: o.answerReason,
    correctionBatchId: o.correctionBatchId,
    answeredAt: o.answeredAt?.toISOString() ?? null,
  };
}

const attachmentView = (a: ObjectionAttachment): Schemas['ObjectionAttachment'] => ({
  id: a.id,
  fileName: a.fileName,
  mediaType: a.mediaType as Schemas['ObjectionAttachment']['mediaType'],
  sizeBytes: a.sizeBytes,
  sm3: a.sm3,
  uploadedAt: a.uploadedAt.toISOString(),
});

/** 异议: the enterprise files and follows its objections; the department answers; the office follows escalations. */
export function objectionRoutes(objections: ObjectionService): Router[] {
  const own = apiRouter({ prefix: '/api/v1/me/credit-objections' });
  own.post('/', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    const input = parseInput(fileBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = objectionView(await objections.file(principal.enterpriseId!, input));
  });
  own.get('/', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    ctx.body = { items: (await objections.listOwn(principal.enterpriseId!)).map(objectionView) } satisfies Schemas['CreditObjectionList'];
  });
  own.post('/:id/attachments', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    const { id } = parseInput(idParams, ctx.params);
    const { fileName } = parseInput(attachQuery, ctx.query);
    await objections.assertMayAttach(principal.enterpriseId!, id);
    const bytes = await readRawBytes(ctx.req, MAX_ATTACHMENT_BYTES, ctx.ip);
    ctx.status = 201;
    ctx.body = attachmentView(await objections.attach(principal.enterpriseId!, id, { name: fileName, declaredType: ctx.request.type || undefined, bytes }));
  });

  const handling = apiRouter({ prefix: '/api/v1/credit-objections' });
  handling.get('/', async (ctx) => {
    const principal = requireRole(ctx, 'data_source', 'financial_office', 'admin');
    const q = parseInput(listQuery, ctx.query);
    const items = await objections.list(principal, {
      status: q.status,
      escalated: q.escalated === undefined ? undefined : q.escalated === 'true',
    });
    ctx.body = { items: items.map(objectionView) } satisfies Schemas['CreditObjectionList'];
  });
  handling.get('/:id/attachments', async (ctx) => {
    const principal = requireRole(ctx, 'data_source', 'financial_office', 'admin');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = { items: (await objections.attachments(principal, id)).map(attachmentView) } satisfies Schemas['ObjectionAttachmentList'];
  });
  handling.post('/:id/answer', async (ctx) => {
    const principal = requireRole(ctx, 'data_source', 'admin');
    const { id } = parseInput(idParams, ctx.params);
    const input = parseInput(answerBody, ctx.request.body);
    ctx.body = objectionView(await objections.answer(principal, id, input));
  });
  return [own, handling];
}
