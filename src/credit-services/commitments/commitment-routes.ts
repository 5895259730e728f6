import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import { calendarDate, text, usccField } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import { COMMITMENT_KINDS, COMMITMENT_STATUSES, type Commitment } from './commitment.js';
import type { CommitmentService } from './commitment-service.js';

type Schemas = components['schemas'];

const uscc = usccField();
const idParams = z.object({ id: z.uuid({ error: '承诺编号格式不正确' }) });
const recordBody = z.strictObject({
  uscc,
  kind: z.enum(COMMITMENT_KINDS, { error: '不支持的承诺类型' }),
  text: text('承诺内容', 2000),
  committedOn: calendarDate('承诺日期'),
});
const checkBody = z.strictObject({
  result: z.enum(['fulfilled', 'breached'], { error: '核查结果应为已履约或违诺' }),
  finding: text('核查情况', 2000),
  checkedOn: calendarDate('核查日期'),
});
const listQuery = z.object({
  status: z.enum(COMMITMENT_STATUSES, { error: '不支持的承诺状态' }).optional(),
  uscc: uscc.optional(),
});

const commitmentView = (c: Commitment): Schemas['CreditCommitment'] => ({
  id: c.id,
  number: c.number,
  uscc: c.uscc,
  kind: c.kind,
  text: c.text,
  committedOn: c.committedOn,
  institutionId: c.institutionId,
  status: c.status,
  finding: c.finding,
  checkedOn: c.checkedOn,
  breachBatchId: c.breachBatchId,
  breachRecordKey: c.breachRecordKey,
});

/** 信用承诺: the department records and checks the commitments it took; the enterprise follows its own. */
export function commitmentRoutes(commitments: CommitmentService): Router {
  const router = apiRouter({ prefix: '/api/v1' });
  router.get('/credit-commitments', async (ctx) => {
    const principal = requireRole(ctx, 'data_source', 'financial_office', 'admin');
    const items = await commitments.list(principal, parseInput(listQuery, ctx.query));
    ctx.body = { items: items.map(commitmentView) } satisfies Schemas['CreditCommitmentList'];
  });
  router.post('/credit-commitments', async (ctx) => {
    const principal = requireRole(ctx, 'data_source');
    const input = parseInput(recordBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = commitmentView(await commitments.record(principal, input));
  });
  router.post('/credit-commitments/:id/check', async (ctx) => {
    const principal = requireRole(ctx, 'data_source');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = commitmentView(await commitments.check(principal, id, parseInput(checkBody, ctx.request.body)));
  });
  router.get('/me/credit-commitments', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise');
    ctx.body = { items: (await commitments.listOwn(principal.enterpriseId!)).map(commitmentView) } satisfies Schemas['CreditCommitmentList'];
  });
  return router;
}
