import type { Context } from 'koa';
import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import { text } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { readRawBytes } from '../../http/raw-body.js';
import { parseInput } from '../../http/validate.js';
import { MAX_ATTACHMENT_BYTES } from '../../platform/attachment-check.js';
import { idParams } from '../lending-schemas.js';
import { MAX_ANSWER_DOCUMENTS, MAX_REQUEST_ITEMS, type ApplicationDocument, type ApplicationMessage, type TimelineEntry } from './dialogue.js';
import type { DialogueService } from './dialogue-service.js';

type Schemas = components['schemas'];

const documentParams = z.object({ id: z.uuid('编号应为 UUID'), documentId: z.coerce.number({ error: '文件编号应为数字' }).int().positive('文件编号应为正整数') });
const uploadQuery = z.object({ fileName: text('文件名', 200) });
const requestBody = z
  .object({
    items: z.array(text('所需材料', 200), { error: '请列出所需材料' }).min(1, '请至少列出一项所需材料').max(MAX_REQUEST_ITEMS, `最多列出 ${MAX_REQUEST_ITEMS} 项材料`),
    note: text('说明', 1000, { optional: true }).optional(),
  })
  .strict() satisfies z.ZodType<Schemas['MaterialRequestInput']>;
const answerBody = z
  .object({
    text: text('答复内容', 2000),
    documentIds: z.array(z.number().int().positive(), { error: '文件编号应为数字列表' }).max(MAX_ANSWER_DOCUMENTS, `每次答复最多 ${MAX_ANSWER_DOCUMENTS} 个文件`).default([]),
  })
  .strict() satisfies z.ZodType<Schemas['MaterialAnswerInput'], unknown>;

export const documentView = (d: ApplicationDocument): Schemas['ApplicationDocument'] => ({
  id: d.id,
  fileName: d.fileName,
  mediaType: d.mediaType,
  sizeBytes: d.sizeBytes,
  sm3: d.sm3,
  uploadedAt: d.uploadedAt.toISOString(),
});

const messageView = (m: ApplicationMessage): Schemas['ApplicationMessage'] => ({
  id: m.id,
  kind: m.kind,
  items: m.items ?? [],
  text: m.body,
  createdAt: m.createdAt.toISOString(),
});

const timelineView = (entries: TimelineEntry[]): Schemas['ApplicationTimeline'] => ({
  items: entries.map((e) => ({
    kind: e.kind,
    occurredAt: e.occurredAt.toISOString(),
    actorType: e.actorType,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    action: e.action,
    text: e.text,
    items: e.items,
    documents: e.documents.map(documentView),
    assignment: e.assignment,
  })),
});

/** A stored file goes out only as a download: never rendered inline, never sniffed into HTML. */
function sendDownload(ctx: Context, file: { document: ApplicationDocument; bytes: Buffer }): void {
  ctx.set('Content-Disposition', `attachment; filename="document-${file.document.id}"; filename*=UTF-8''${encodeURIComponent(file.document.fileName)}`);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
  ctx.set('Cache-Control', 'private, no-store');
  ctx.type = file.document.mediaType;
  ctx.body = file.bytes;
}

/** 补充材料: the SME's files and answers, the officer's requests, and the timeline both sides see. */
export function dialogueRoutes(dialogue: DialogueService): Router[] {
  const sme = apiRouter({ prefix: '/api/v1/loan-applications' });
  sme.get('/:id/timeline', async (ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = timelineView(await dialogue.timelineForEnterprise(enterprise, id));
  });
  sme.get('/:id/documents', async (ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = { items: (await dialogue.pendingForEnterprise(enterprise, id)).map(documentView) } satisfies Schemas['ApplicationDocumentList'];
  });
  sme.post('/:id/documents', async (ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    const { id } = parseInput(idParams, ctx.params);
    const { fileName } = parseInput(uploadQuery, ctx.query);
    await dialogue.assertMayUpload(enterprise, id);
    const bytes = await readRawBytes(ctx.req, MAX_ATTACHMENT_BYTES, ctx.ip);
    ctx.status = 201;
    ctx.body = documentView(await dialogue.upload(enterprise, id, { name: fileName, declaredType: ctx.request.type || undefined, bytes }));
  });
  sme.get('/:id/documents/:documentId', async (ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    const { id, documentId } = parseInput(documentParams, ctx.params);
    sendDownload(ctx, await dialogue.downloadForEnterprise(enterprise, id, documentId));
  });
  sme.post('/:id/material-answers', async (ctx) => {
    const enterprise = requireRole(ctx, 'enterprise');
    const { id } = parseInput(idParams, ctx.params);
    const input = parseInput(answerBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = messageView(await dialogue.answer(enterprise, id, input));
  });

  const bank = apiRouter({ prefix: '/api/v1/bank/loan-applications' });
  bank.get('/:id/timeline', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = timelineView(await dialogue.timelineForBank(officer, id));
  });
  bank.get('/:id/documents/:documentId', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id, documentId } = parseInput(documentParams, ctx.params);
    sendDownload(ctx, await dialogue.downloadForBank(officer, id, documentId));
  });
  bank.post('/:id/material-requests', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    const input = parseInput(requestBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = messageView(await dialogue.requestMaterial(officer, id, { items: input.items, note: input.note ?? '' }));
  });
  return [sme, bank];
}
