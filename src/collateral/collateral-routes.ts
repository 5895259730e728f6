import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import { requireRole } from '../http/auth.js';
import { calendarDate, text } from '../http/field-schemas.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { idParams } from '../lending/lending-schemas.js';
import type { CollateralService } from './collateral-service.js';
import { EXCLUDED_KINDS, MOVABLE_KINDS, type ExcludedKind, type MovableKind } from './movable-collateral.js';

type Schemas = components['schemas'];

const KINDS = [...Object.keys(MOVABLE_KINDS), ...Object.keys(EXCLUDED_KINDS)] as [MovableKind | ExcludedKind, ...(MovableKind | ExcludedKind)[]];
const inputSchema = z
  .object({
    kind: z.enum(KINDS, '担保财产类型不正确'),
    registrationNo: z.string().regex(/^[0-9A-Za-z-]{8,40}$/, '登记证明编号应为8至40位字母、数字或连字符'),
    registeredOn: calendarDate('登记日期'),
    termMonths: z.number({ error: '请输入登记期限（月）' }).int('登记期限应为整数月').min(1, '登记期限为1至360个月').max(360, '登记期限为1至360个月'),
    description: text('担保财产描述', 1000),
    searchResult: z.enum(['no_prior_registration', 'prior_registration_found'], '请选择放款前查询结果'),
    searchNote: text('查询说明', 500, { optional: true }).optional(),
  })
  .strict() satisfies z.ZodType<Schemas['MovableRegistrationInput'], unknown>;

/** 动产担保登记 on an application, recorded by the bank's operator. */
export function collateralRoutes(collateral: CollateralService): Router {
  const router = apiRouter({ prefix: '/api/v1/bank/loan-applications/:id/movable-collateral' });
  router.get('/', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = { items: await collateral.list(officer, id) } satisfies Schemas['MovableRegistrationList'];
  });
  router.post('/', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    const input = parseInput(inputSchema, ctx.request.body);
    const items = await collateral.record(officer, id, { ...input, kind: input.kind as MovableKind, searchNote: input.searchNote || null });
    ctx.body = { items } satisfies Schemas['MovableRegistrationList'];
  });
  return router;
}
