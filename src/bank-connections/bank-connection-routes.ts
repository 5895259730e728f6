import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import { principalOf } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import type { BankConnectionService, ConnectionView } from './bank-connection-service.js';

type Schemas = components['schemas'];

const params = z.object({ institutionId: z.uuid({ error: '机构编号应为 UUID' }) });

const requestSchema = z
  .object({
    protocol: z.enum(['json-webhooks', 'cn-open-platform-sm'], { error: '对接协议应为 json-webhooks 或 cn-open-platform-sm' }),
    options: z.record(z.string(), z.unknown(), { error: 'options 应为对象' }),
    secrets: z.record(z.string(), z.unknown(), { error: 'secrets 应为对象' }).optional(),
    regenerate: z.array(z.enum(['webhookSecrets', 'sm4Key'])).max(2).optional(),
    bankPublicKey: z.string().max(200, '银行公钥过长').nullable().optional(),
  })
  .strict() satisfies z.ZodType<Schemas['BankConnectionRequest']>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toJson(v: ConnectionView): Schemas['BankConnection'] {
  return {
    ...v,
    protocol: v.protocol as Schemas['BankConnection']['protocol'],
    updatedAt: iso(v.updatedAt),
    lastSuccessAt: iso(v.lastSuccessAt),
    lastTest: v.lastTest && { ...v.lastTest, at: v.lastTest.at.toISOString() },
  };
}

/** 银行对接配置: a bank's institution admin or the platform admin keeps the bank's connection. */
export function bankConnectionRoutes(connections: BankConnectionService): Router {
  const router = apiRouter({ prefix: '/api/v1/bank-connections' });
  router.get('/', async (ctx) => {
    ctx.body = { items: (await connections.list(principalOf(ctx))).map(toJson) } satisfies Schemas['BankConnectionList'];
  });
  router.get('/:institutionId', async (ctx) => {
    const principal = principalOf(ctx);
    connections.mayAdminister(principal);
    const { institutionId } = parseInput(params, ctx.params);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = toJson(await connections.get(principal, institutionId));
  });
  router.put('/:institutionId', async (ctx) => {
    const principal = principalOf(ctx);
    connections.mayAdminister(principal);
    const { institutionId } = parseInput(params, ctx.params);
    const input = parseInput(requestSchema, ctx.request.body);
    const saved = await connections.configure(principal, institutionId, input);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { connection: toJson(saved.connection), secrets: saved.secrets } satisfies Schemas['BankConnectionSaved'];
  });
  router.post('/:institutionId/test', async (ctx) => {
    const principal = principalOf(ctx);
    connections.mayAdminister(principal);
    const { institutionId } = parseInput(params, ctx.params);
    const result = await connections.test(principal, institutionId);
    ctx.body = { ...result, testedAt: result.testedAt.toISOString() } satisfies Schemas['BankConnectionTest'];
  });
  return router;
}
