import type { default as Router, RouterContext } from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import { text } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import { validationError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { FileFormat } from './batch.js';
import { CATEGORIES, findFormat } from '../category-registry.js';
import { batchView, reportView } from './batch-views.js';
import { rejectionLines, type IngestionService } from './ingestion-service.js';
import { checkCharset } from '../readers/text-encoding.js';
import { rejectionsWorkbook } from './rejections-workbook.js';
import type { SourceCategoryService } from '../sources/source-categories.js';
import type { UploadGate } from './upload-gate.js';

type Schemas = components['schemas'];

const formatQuery = z.object({
  formatVersion: z.coerce.number({ error: '请指定报送格式版本 formatVersion' }).int('formatVersion 应为整数').min(1, 'formatVersion 应为正整数'),
  fileName: text('文件名', 255, { optional: true }).optional(),
});

const FILE_TYPES: Record<string, FileFormat> = {
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
};

const pageQuery = z.object({
  afterRow: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** 数据报送: data-source departments send records (JSON lines or files) and read their batches' reports. */
export function ingestionRoutes(ingestion: IngestionService, uploads: UploadGate, sources: SourceCategoryService, logger: Logger): Router {
  const router = apiRouter({ prefix: '/api/v1/ingestion' });

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
      fileName: query.fileName || null,
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
    const batch = await ingestion.batchReport(principal, batchId);
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.attachment(`rejections-${batchId}.xlsx`);
    const { fields } = findFormat(batch.category, batch.formatVersion).format;
    ctx.body = rejectionsWorkbook(ingestion.allRejections(principal, batchId), fields, (err) =>
      logger.error({ err, batchId }, 'rejections workbook failed'),
    );
  });

  return router;
}
