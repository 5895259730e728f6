import Router, { type RouterContext } from '@koa/router';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import { text } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import { validationError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { Batch, FileFormat } from './batch.js';
import { CATEGORIES } from '../category-registry.js';
import type { CreditRecord } from '../records/credit-record.js';
import { rejectionLines, type BatchReport, type IngestionService } from './ingestion-service.js';
import { checkCharset } from '../readers/text-encoding.js';
import { rejectionsWorkbook } from './rejections-workbook.js';
import type { SourceCategoryService } from '../sources/source-categories.js';
import type { UploadGate } from './upload-gate.js';

type Schemas = components['schemas'];

const formatQuery = z.object({
  formatVersion: z.coerce.number({ error: '请指定报送格式版本 formatVersion' }).int('formatVersion 应为整数').min(1, 'formatVersion 应为正整数'),
  fileName: z.string().max(255, '文件名最长255个字符').optional(),
});

const FILE_TYPES: Record<string, FileFormat> = {
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
};

const noticeSchema = z
  .object({
    category: z.string({ error: '请指定数据类别' }).min(1, '请指定数据类别'),
    recordKey: z.string({ error: '请指定记录键' }).min(1, '请指定记录键').max(500),
    kind: z.enum(['repair', 'withdrawal'], { error: '通知类型应为 repair（信用修复）或 withdrawal（撤销）' }),
    noticeNo: text('通知文号', 100),
    reason: text('原因', 2000),
  })
  .strict() satisfies z.ZodType<Schemas['RepairNotice']>;

const pageQuery = z.object({
  afterRow: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

const batchView = (b: Batch): Schemas['IngestionBatch'] => ({
  id: b.id,
  category: b.category,
  formatVersion: b.formatVersion,
  channel: b.channel,
  fileFormat: b.fileFormat,
  fileName: b.fileName,
  status: b.status,
  rowsRead: b.rowsRead,
  rowsAccepted: b.rowsAccepted,
  rowsRejected: b.rowsRejected,
  rowsInserted: b.rowsInserted,
  rowsUpdated: b.rowsUpdated,
  rowsUnchanged: b.rowsUnchanged,
  failure: b.failure,
  receivedAt: iso(b.receivedAt)!,
  completedAt: iso(b.completedAt),
});

const reportView = (r: BatchReport): Schemas['BatchReport'] => ({
  ...batchView(r),
  categoryLabel: r.categoryLabel,
  rejections: r.rejections,
  rejectionsTruncated: r.rejectionsTruncated,
});

const recordView = (r: CreditRecord): Schemas['CreditRecord'] => ({
  id: r.id,
  category: r.category,
  recordKey: r.recordKey,
  uscc: r.uscc,
  formatVersion: r.formatVersion,
  payload: r.payload,
  businessDate: r.businessDate,
  publicityEnd: r.publicityEnd,
  publishedOnTime: r.publishedOnTime,
  status: r.status,
  statusChangedAt: iso(r.statusChangedAt),
  provenance: {
    sourceInstitutionId: r.sourceInstitutionId,
    sourceName: r.sourceName,
    batchId: r.batchId,
    receivedAt: iso(r.receivedAt)!,
    firstBatchId: r.firstBatchId,
    firstReceivedAt: iso(r.firstReceivedAt)!,
  },
});

/** 数据报送: data-source departments send records (JSON lines or files), read reports, send repair notices. */
export function ingestionRoutes(ingestion: IngestionService, uploads: UploadGate, sources: SourceCategoryService, logger: Logger): Router {
  const router = new Router({ prefix: '/api/v1/ingestion' });

  // A department sees the categories it may deliver; operators see the whole catalogue.
  router.get('/categories', async (ctx) => {
    const principal = requireRole(ctx, 'data_source', 'admin');
    const held = principal.role === 'admin' ? undefined : new Set(await sources.categoriesOf(principal.institutionId!));
    ctx.body = CATEGORIES.filter((c) => !held || held.has(c.category)).map((c) => ({
      category: c.category,
      label: c.label,
      scope: c.scope,
      formats: c.formats.map((f) => ({ version: f.version, fields: [...f.fields] })),
    })) satisfies Schemas['IngestionCategory'][];
  });

  const ingest = (channel: 'api' | 'upload') => async (ctx: RouterContext) => {
    const principal = requireRole(ctx, 'data_source');
    const query = parseInput(formatQuery, ctx.query);
    const type = ctx.request.type;
    const fileFormat = channel === 'api' ? (FILE_TYPES[type] === 'jsonl' ? 'jsonl' : undefined) : FILE_TYPES[type];
    if (!fileFormat) {
      throw validationError('UNSUPPORTED_MEDIA_TYPE', channel === 'api' ? '接口报送请使用 application/x-ndjson（每行一个 JSON 对象）' : '仅支持 CSV、XLSX 或 JSONL 文件', [
        { field: 'content-type', code: 'UNSUPPORTED_MEDIA_TYPE', message: `不支持的内容类型“${type || '（未指定）'}”` },
      ]);
    }
    if (fileFormat !== 'xlsx') checkCharset(ctx.request.charset || undefined);
    const release = await uploads.acquire();
    const report = await ingestion.ingest({
      institutionId: principal.institutionId!,
      userId: principal.userId,
      category: ctx.params.category ?? '',
      formatVersion: query.formatVersion,
      channel,
      fileFormat,
      fileName: query.fileName ?? null,
      body: ctx.req,
      charset: ctx.request.charset || undefined,
    }).finally(release);
    ctx.status = 201;
    ctx.body = reportView(report) satisfies Schemas['BatchReport'];
  };
  router.post('/:category/records', ingest('api'));
  router.post('/:category/files', ingest('upload'));

  router.get('/batches', async (ctx) => {
    const principal = requireRole(ctx, 'data_source', 'admin');
    const { limit } = parseInput(z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }), ctx.query);
    ctx.body = (await ingestion.listBatches(principal, limit)).map(batchView) satisfies Schemas['IngestionBatch'][];
  });

  router.get('/batches/:batchId', async (ctx) => {
    const principal = requireRole(ctx, 'data_source', 'admin');
    ctx.body = reportView(await ingestion.batchReport(principal, ctx.params.batchId ?? '')) satisfies Schemas['BatchReport'];
  });

  router.get('/batches/:batchId/rejections', async (ctx) => {
    const principal = requireRole(ctx, 'data_source', 'admin');
    const page = parseInput(pageQuery, ctx.query);
    const rows = await ingestion.rejections(principal, ctx.params.batchId ?? '', page);
    ctx.body = {
      rejections: rows.map((r) => ({ rowNumber: r.rowNumber, errors: r.errors, raw: r.raw })),
      lines: rejectionLines(rows),
      nextAfterRow: rows.length === page.limit ? rows[rows.length - 1]!.rowNumber : null,
    } satisfies Schemas['RejectionPage'];
  });

  router.get('/batches/:batchId/rejections.xlsx', async (ctx) => {
    const principal = requireRole(ctx, 'data_source', 'admin');
    const batchId = ctx.params.batchId ?? '';
    await ingestion.batchReport(principal, batchId);
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.attachment(`rejections-${batchId}.xlsx`);
    ctx.body = rejectionsWorkbook(ingestion.allRejections(principal, batchId), (err) =>
      logger.error({ err, batchId }, 'rejections workbook failed'),
    );
  });

  router.post('/notices', async (ctx) => {
    const principal = requireRole(ctx, 'data_source', 'admin');
    const input = parseInput(noticeSchema, ctx.request.body);
    const result = await ingestion.applyNotice(principal, input);
    ctx.status = result.repeated ? 200 : 201;
    ctx.body = {
      record: recordView(result.record),
      event: { ...result.event, receivedAt: iso(result.event.receivedAt)! },
      repeated: result.repeated,
      profileVersion: result.profileVersion,
    } satisfies Schemas['NoticeResult'];
  });

  router.get('/records/:category/:recordKey', async (ctx) => {
    const principal = requireRole(ctx, 'data_source', 'admin');
    const audit = await ingestion.recordAudit(principal, ctx.params.category ?? '', ctx.params.recordKey ?? '');
    ctx.body = {
      record: recordView(audit.record),
      history: audit.history.map((h) => ({ ...h, receivedAt: iso(h.receivedAt)!, supersededAt: iso(h.supersededAt)! })),
      events: audit.events.map((e) => ({ ...e, receivedAt: iso(e.receivedAt)! })),
      usedByProfileVersions: audit.usedByProfileVersions.map((v) => ({ ...v, builtAt: iso(v.builtAt)! })),
    } satisfies Schemas['RecordAudit'];
  });

  return router;
}
