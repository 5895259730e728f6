import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import { text } from '../http/field-schemas.js';
import { requireRole } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { DomainError, validationError } from '../platform/errors.js';
import { administeredLenderInstitution } from '../platform/roles.js';
import { missingCredentials, type ClientCredentialService, type ClientView } from './client-credential-service.js';
import { CLIENT_SCOPES, DEFAULT_CLIENT_SCOPES } from './client-scopes.js';

type Schemas = components['schemas'];

const tokenSchema = z.object({
  grant_type: z.string({ error: '缺少 grant_type' }).min(1, '缺少 grant_type'),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  scope: z.string().optional(),
}) satisfies z.ZodType<unknown, Schemas['ClientTokenRequest']>;

const createSchema = z
  .object({
    name: text('客户端名称', 100),
    scopes: z.array(z.enum(CLIENT_SCOPES, { error: '不支持的接口权限' })).min(1, '至少选择一项权限').default([...DEFAULT_CLIENT_SCOPES]),
  })
  .strict() satisfies z.ZodType<unknown, Schemas['InstitutionClientRequest']>;

const clientParams = z.object({ clientId: z.uuid('客户端编号应为 UUID') });
const secretParams = clientParams.extend({ secretId: z.uuid('密钥编号应为 UUID') });

/** RFC 6749 §2.3.1: HTTP Basic with form-urlencoded id and secret. */
function basicCredentials(header: string): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

/**
 * RFC 6749 §5.2: every refusal of the token endpoint carries the OAuth `error` member OAuth
 * client libraries read (a malformed request is `invalid_request`), and a client that
 * authenticated with HTTP Basic and failed is told the scheme in `WWW-Authenticate`.
 */
function asOAuthRefusal(error: unknown, triedBasic: boolean, setHeader: (name: string, value: string) => void): unknown {
  if (!(error instanceof DomainError)) return error;
  if (triedBasic && error.kind === 'unauthenticated') setHeader('WWW-Authenticate', 'Basic realm="xinyidai", charset="UTF-8"');
  if ('error' in error.extensions || error.kind !== 'validation') return error;
  return new DomainError(error.kind, error.code, error.message, error.errors, { ...error.extensions, error: 'invalid_request' });
}

function clientView(c: ClientView): Schemas['InstitutionClient'] {
  return {
    clientId: c.clientId,
    name: c.name,
    scopes: c.scopes as Schemas['ClientScope'][],
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    secrets: c.secrets.map((s) => ({ id: s.id, hint: s.hint, createdAt: s.createdAt.toISOString() })),
  };
}

/** Machine access: the OAuth token endpoint and the institution's client management. */
export function clientCredentialRoutes(clients: ClientCredentialService): Router {
  const router = apiRouter({ prefix: '/api/v1' });
  router.post('/oauth/token', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const basic = basicCredentials(ctx.get('authorization'));
    try {
      const body = parseInput(tokenSchema, ctx.request.body ?? {});
      // §2.3.1: a client uses one authentication method per request, never Basic and a body secret at once.
      if (basic && body.client_secret !== undefined) {
        throw validationError('CLIENT_AUTHENTICATION_TWICE', '客户端凭证只能用一种方式提交：HTTP Basic 或表单字段 client_secret，不能同时使用', [
          { field: 'client_secret', code: 'CLIENT_AUTHENTICATION_TWICE', message: '已通过 HTTP Basic 提交凭证时，表单中不能再带 client_secret' },
        ]);
      }
      const id = basic?.id ?? body.client_id;
      const secret = basic?.secret ?? body.client_secret;
      if (!id || !secret) throw missingCredentials();
      ctx.body = (await clients.issueToken(body.grant_type, id, secret, body.scope)) satisfies Schemas['ClientTokenResponse'];
    } catch (error) {
      throw asOAuthRefusal(error, basic !== undefined, (name, value) => ctx.set(name, value));
    }
  });
  router.get('/institution/clients', async (ctx) => {
    const principal = requireRole(ctx, 'bank_officer', 'guarantee_officer');
    ctx.body = { items: (await clients.list(principal)).map(clientView) } satisfies Schemas['InstitutionClientList'];
  });
  router.post('/institution/clients', async (ctx) => {
    const principal = requireRole(ctx, 'bank_officer', 'guarantee_officer');
    // The position before the body: a caller who may not create a client learns nothing from validation errors.
    administeredLenderInstitution(principal, '接入客户端');
    const { name, scopes } = parseInput(createSchema, ctx.request.body);
    const created = await clients.create(principal, name, scopes);
    ctx.status = 201;
    ctx.body = {
      ...clientView(created),
      secretId: created.secretId,
      clientSecret: created.clientSecret,
    } satisfies Schemas['InstitutionClientCreated'];
  });
  router.post('/institution/clients/:clientId/secrets', async (ctx) => {
    const principal = requireRole(ctx, 'bank_officer', 'guarantee_officer');
    const { clientId } = parseInput(clientParams, ctx.params);
    ctx.status = 201;
    ctx.body = (await clients.addSecret(principal, clientId)) satisfies Schemas['ClientSecretIssued'];
  });
  router.delete('/institution/clients/:clientId/secrets/:secretId', async (ctx) => {
    const principal = requireRole(ctx, 'bank_officer', 'guarantee_officer');
    const { clientId, secretId } = parseInput(secretParams, ctx.params);
    await clients.revokeSecret(principal, clientId, secretId);
    ctx.status = 204;
  });
  return router;
}
