import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { requireRole } from '../http/auth.js';
import { calendarMonth } from '../http/field-schemas.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { loadFeedFormat } from './feed-format.js';
import type { FeedService } from './feed-service.js';
import type { InboundItem } from './provincial-inbound-store.js';
import type { ProvincialSyncService } from './provincial-sync-service.js';
import type { Correction, FeedFile, Submission } from './feed-submission.js';

type Schemas = components['schemas'];

const target = z.enum(['national', 'provincial'], { error: '报送对象应为 national（国家平台）或 provincial（省级节点）' });
const buildSchema = z
  .object({ target, month: calendarMonth('报送月份') })
  .strict() satisfies z.ZodType<Schemas['NationalFeedBuildRequest']>;
const listQuery = z.object({ target: target.optional(), month: calendarMonth('报送月份').optional() });
const correctionQuery = listQuery.extend({ status: z.enum(['open', 'resolved']).optional() });
const idParams = z.object({ id: z.uuid('批次标识应为 UUID'), fileId: z.coerce.number().int().positive().optional() });

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

const submissionView = (s: Submission): Schemas['NationalFeedSubmission'] => ({
  id: s.id,
  target: s.target,
  month: s.month,
  revision: s.revision,
  formatVersion: s.formatVersion,
  regionCode: s.regionCode,
  status: s.status,
  trigger: s.trigger,
  counts: s.counts,
  invalidRows: s.invalidRows,
  acceptedRows: s.acceptedRows,
  rejectedRows: s.rejectedRows,
  error: s.error,
  createdAt: new Date(s.createdAt).toISOString(),
  builtAt: iso(s.builtAt),
  deliveredAt: iso(s.deliveredAt),
  receiptedAt: iso(s.receiptedAt),
  progress: s.progress,
});

const fileView = (f: FeedFile): Schemas['NationalFeedFile'] => ({ id: f.id, name: f.name, kind: f.kind, recordType: f.recordType, format: f.format, rows: f.rows, bytes: f.bytes, sm3: f.sm3 });

const correctionView = (c: Correction): Schemas['NationalFeedCorrection'] => ({
  ...c,
  createdAt: new Date(c.createdAt).toISOString(),
  resolvedAt: iso(c.resolvedAt),
});

const itemView = (i: InboundItem, now: Date): Schemas['ProvincialItem'] => ({
  ...i,
  receivedAt: new Date(i.receivedAt).toISOString(),
  dueBy: new Date(i.dueBy).toISOString(),
  appliedAt: iso(i.appliedAt),
  onTime: i.appliedAt ? i.appliedAt <= i.dueBy : now > i.dueBy ? false : null,
});

/** 月度报送 for the platform admin and the financial office (who answer for the city's feed). */
export function feedRoutes(feed: FeedService, provincial: ProvincialSyncService, formatVersions: Readonly<Record<'national' | 'provincial', string>>): Router {
  const router = apiRouter({ prefix: '/api/v1/national-feed' });
  const allowed = ['admin', 'financial_office'] as const;

  router.get('/format', (ctx) => {
    requireRole(ctx, ...allowed);
    ctx.body = {
      targets: (['national', 'provincial'] as const).map((t) => {
        const format = loadFeedFormat(formatVersions[t]);
        return { target: t, formatVersion: format.version, title: format.layout.title, recordTypes: format.layout.files.map((f) => ({ recordType: f.recordType, label: f.label })) };
      }),
    } satisfies Schemas['NationalFeedFormat'];
  });

  router.get('/submissions', async (ctx) => {
    requireRole(ctx, ...allowed);
    const query = parseInput(listQuery, ctx.query);
    ctx.body = { items: (await feed.list({ ...query, limit: 200 })).map(submissionView) };
  });

  router.post('/submissions', async (ctx) => {
    const principal = requireRole(ctx, ...allowed);
    const input = parseInput(buildSchema, ctx.request.body);
    ctx.status = 202;
    ctx.body = submissionView(await feed.startBuild({ ...input, trigger: 'manual', requestedBy: principal.userId }));
  });

  router.get('/submissions/:id', async (ctx) => {
    requireRole(ctx, ...allowed);
    const { id } = parseInput(idParams, ctx.params);
    const { submission, files } = await feed.get(id);
    ctx.body = {
      submission: submissionView(submission),
      files: files.map(fileView),
      validationReport: await feed.namedIssues(submission),
      manifest: submission.manifest,
      manifestSignature: submission.manifestSignature,
    } satisfies Schemas['NationalFeedSubmissionDetail'];
  });

  router.get('/submissions/:id/files/:fileId', async (ctx) => {
    requireRole(ctx, ...allowed);
    const { id, fileId } = parseInput(idParams, ctx.params);
    const { file, bytes } = await feed.file(id, fileId!);
    const { submission } = await feed.get(id);
    const name = `${submission.target}-${submission.month}-r${submission.revision}-${file.name}`;
    ctx.set('content-disposition', `attachment; filename="${name}"`);
    ctx.set('x-content-sm3', file.sm3);
    ctx.type = file.name.endsWith('.gz') ? 'application/gzip' : file.name.endsWith('.json') ? 'application/json' : 'text/plain';
    ctx.length = file.bytes;
    ctx.body = Readable.from(bytes);
  });

  router.get('/corrections', async (ctx) => {
    requireRole(ctx, ...allowed);
    const query = parseInput(correctionQuery, ctx.query);
    ctx.body = { items: (await feed.corrections({ ...query, limit: 500 })).map(correctionView) };
  });

  router.get('/provincial-items', async (ctx) => {
    requireRole(ctx, ...allowed);
    const now = new Date();
    ctx.body = { items: (await provincial.list(200)).map((i) => itemView(i, now)) };
  });
  return router;
}
