import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import { requireRole } from '../http/auth.js';
import { text } from '../http/field-schemas.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { CONSENT_PURPOSES, CONSENT_SCOPES, CONSENT_STATUSES, FETCH_TYPES, FREQUENCY_UNITS, type AccessLogEntry, type ConsentGrantView, type ReadBy, type RefusedRead } from './consent.js';
import { ARTEFACT_SIGNATURE_ALGORITHM, keyIdOf } from './consent-artefact.js';
import type { ConsentService, RevocationImpact } from './consent-service.js';

type Schemas = components['schemas'];

const dateTime = (label: string) =>
  z.iso.datetime({ offset: true, error: `${label}应为带时区的 ISO 8601 时间，如 2026-12-01T00:00:00+08:00` }).transform((v) => new Date(v));

const grantSchema = z
  .object({
    granteeInstitutionId: z.uuid('被授权机构编号应为 UUID'),
    scopes: z.array(z.enum(CONSENT_SCOPES), { error: '请选择授权的数据类别' }).min(1, '至少选择一个数据类别'),
    purpose: z.enum(CONSENT_PURPOSES, { error: '用途应为 loan_application、pre_credit 或 post_loan_monitoring' }),
    applicationId: z.uuid('贷款申请编号应为 UUID').nullable().optional(),
    validFrom: dateTime('生效时间').optional(),
    validUntil: dateTime('失效时间'),
    fetchType: z.enum(FETCH_TYPES, { error: '查询方式应为 ONETIME 或 PERIODIC' }),
    frequency: z
      .object({
        unit: z.enum(FREQUENCY_UNITS, { error: '频次周期应为 HOUR、DAY、WEEK 或 MONTH' }),
        value: z.number().int('频次应为整数').min(1, '频次至少为1'),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict() satisfies z.ZodType<unknown, Schemas['ConsentRequest']>;

const endSchema = z
  .object({ reason: text('原因', 200, { optional: true }).optional() })
  .strict()
  .default({}) satisfies z.ZodType<unknown, Schemas['ConsentEndRequest'] | undefined>;

const idParams = z.object({ id: z.uuid('授权编号应为 UUID') });
const listQuery = z.object({
  status: z.enum(CONSENT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const institutionListQuery = listQuery.extend({ before: z.uuid('授权编号应为 UUID').optional() });
const logQuery = z.object({
  grantId: z.uuid('授权编号应为 UUID').optional(),
  institutionId: z.uuid('机构编号应为 UUID').optional(),
  scope: z.enum(CONSENT_SCOPES).optional(),
  purpose: z.enum(CONSENT_PURPOSES).optional(),
  from: dateTime('起始时间').optional(),
  to: dateTime('截止时间').optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const refusedQuery = z.object({
  institutionId: z.uuid('机构编号应为 UUID').optional(),
  from: dateTime('起始时间').optional(),
  to: dateTime('截止时间').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function consentView(g: ConsentGrantView, keyId: string): Schemas['Consent'] {
  return {
    id: g.id,
    enterprise: { id: g.enterpriseId, uscc: g.enterpriseUscc, name: g.enterpriseName },
    grantee: { id: g.granteeInstitutionId, name: g.granteeName, type: g.granteeType },
    scopes: g.scopes,
    purpose: g.purpose,
    applicationId: g.applicationId,
    validFrom: g.validFrom.toISOString(),
    validUntil: g.validUntil.toISOString(),
    fetchType: g.fetchType,
    frequency: g.frequency,
    status: g.status,
    endedBy: g.endedByKind && g.endedBy ? { kind: g.endedByKind, id: g.endedBy, name: g.endedByName, machineClient: g.endedByClient } : null,
    endedAt: g.endedAt?.toISOString() ?? null,
    endReason: g.endReason,
    useCount: g.useCount,
    lastUsedAt: g.lastUsedAt?.toISOString() ?? null,
    createdAt: g.createdAt.toISOString(),
    artefact: { canonical: g.artefact, signature: g.artefactSignature, algorithm: ARTEFACT_SIGNATURE_ALGORITHM, keyId },
  };
}

function impactView(i: RevocationImpact): Schemas['RevocationImpact'] {
  return {
    grantId: i.grantId,
    grantee: i.grantee,
    remaining: i.remaining.map((g) => ({ ...g, validFrom: g.validFrom.toISOString(), validUntil: g.validUntil.toISOString() })),
    stillReadable: i.stillReadable.map((s) => ({ scope: s.scope, until: s.until.toISOString() })),
    readsMade: i.readsMade,
    lastReadAt: i.lastReadAt?.toISOString() ?? null,
  };
}

/** Who made or attempted a read, as the access log and the refused reads show it. */
function readByView(r: ReadBy): Pick<Schemas['AccessLogEntry'], 'institution' | 'user' | 'clientId' | 'clientName'> {
  return {
    institution: { id: r.institutionId, name: r.institutionName },
    user: r.userId && r.userDisplayName ? { id: r.userId, displayName: r.userDisplayName } : null,
    clientId: r.clientId,
    clientName: r.clientName,
  };
}

function logView(e: AccessLogEntry): Schemas['AccessLogEntry'] {
  return {
    id: e.id,
    grantId: e.grantId,
    ...readByView(e),
    scopes: e.scopes,
    purpose: e.purpose,
    requestId: e.requestId,
    accessedAt: e.accessedAt.toISOString(),
    sealed: e.sealed,
  };
}

function refusedView(r: RefusedRead): Schemas['RefusedRead'] {
  return {
    id: r.id,
    ...readByView(r),
    grantId: r.grantId,
    scopes: r.scopes,
    purpose: r.purpose,
    reason: r.reason,
    requestId: r.requestId,
    attemptedAt: r.attemptedAt.toISOString(),
  };
}

/** 授权: the enterprise's grants and 查询记录, the grantee's view, the platform keys. */
export function consentRoutes(consents: ConsentService): Router {
  const router = apiRouter({ prefix: '/api/v1' });
  const keyId = keyIdOf(consents.publicKeys()[0]!.publicKey);
  const view = (g: ConsentGrantView) => consentView(g, keyId);

  router.get('/platform/keys', async (ctx) => {
    ctx.body = { keys: consents.publicKeys() } as Schemas['PlatformKeyList'];
  });

  router.post('/consents', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    const input = parseInput(grantSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = view(await consents.grant(principal, input));
  });
  router.get('/consents', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    const { status, limit } = parseInput(listQuery, ctx.query);
    ctx.body = { items: (await consents.listForEnterprise(principal, status, limit)).map(view) } satisfies Schemas['ConsentList'];
  });
  router.get('/consents/access-log', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    const filter = parseInput(logQuery, ctx.query);
    ctx.body = { items: (await consents.accessLog(principal, filter)).map(logView) } satisfies Schemas['AccessLogList'];
  });
  router.get('/consents/refused-reads', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    const filter = parseInput(refusedQuery, ctx.query);
    ctx.body = { items: (await consents.refusedReads(principal, filter)).map(refusedView) } satisfies Schemas['RefusedReadList'];
  });
  router.get('/consents/:id', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise', 'bank_officer', 'guarantee_officer');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = view(await consents.get(principal, id));
  });
  router.get('/consents/:id/revocation-impact', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = impactView(await consents.revocationImpact(principal, id));
  });
  router.post('/consents/:id/revoke', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    const { id } = parseInput(idParams, ctx.params);
    const { reason } = parseInput(endSchema, ctx.request.body);
    ctx.body = view(await consents.revoke(principal, id, reason ?? null));
  });

  router.get('/institution/consents', async (ctx) => {
    const principal = requireRole(ctx, 'bank_officer', 'guarantee_officer');
    const page = parseInput(institutionListQuery, ctx.query);
    const { items, nextBefore } = await consents.listForInstitution(principal, page);
    ctx.body = { items: items.map(view), nextBefore } satisfies Schemas['ConsentList'];
  });
  router.post('/institution/consents/:id/terminate', async (ctx) => {
    const principal = requireRole(ctx, 'bank_officer', 'guarantee_officer');
    const { id } = parseInput(idParams, ctx.params);
    const { reason } = parseInput(endSchema, ctx.request.body);
    ctx.body = view(await consents.terminate(principal, id, reason ?? null));
  });

  router.get('/admin/consents/access-log/verify', async (ctx) => {
    requireRole(ctx, 'admin');
    const sealedNow = await consents.sealAccessLog();
    ctx.body = { ...(await consents.verifyAccessLogChain()), sealedNow } satisfies Schemas['ChainCheck'];
  });
  return router;
}
