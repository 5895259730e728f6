import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import type { Context } from 'koa';
import { requireRole } from '../../http/auth.js';
import type { components } from '../../http/generated/api.js';
import { answerIdempotently } from '../../http/idempotency-key.js';
import { parseInput } from '../../http/validate.js';
import type { IdempotencyService, MarkApplied } from '../../platform/idempotency/idempotency-service.js';
import type { Principal } from '../../platform/roles.js';
import { STATUS_LABELS } from './application-status.js';
import type { LoanApplicationService } from './application-service.js';
import { idParams } from '../lending-schemas.js';
import { bankApplicationQuerySchema, decisionSchema, ledgerSchema, repaymentSchema, versionSchema } from './application-schemas.js';
import { detailView, pageView } from './application-views.js';

/** 银行工作台: a loan officer's view of the applications sent to their bank. */
export function officerRoutes(applications: LoanApplicationService, idempotency: IdempotencyService): Router {
  const router = apiRouter({ prefix: '/api/v1/bank/loan-applications' });
  /**
   * A bank's system retrying a write after a lost answer: with an Idempotency-Key it gets the
   * first answer again, not a 409 that leaves it guessing whether the first one was applied; after
   * a crash between the write and its stored answer, the application as it is now.
   */
  const write = (ctx: Context, officer: Principal, operation: string, request: unknown, handler: (applied: MarkApplied) => Promise<unknown>) =>
    answerIdempotently(ctx, idempotency, { callerId: officer.userId, operation }, request, {
      run: async (applied) => ({ status: 200, body: await handler(applied) }),
      answerApplied: async (id) => ({ status: 200, body: detailView(await applications.getForBank(officer, id)) }),
    });
  router.get('/', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const query = parseInput(bankApplicationQuerySchema, ctx.query);
    ctx.body = pageView(await applications.listForBank(officer, query), query);
  });
  router.get('/:id', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = detailView(await applications.getForBank(officer, id));
  });
  router.get('/:id/profile', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = await applications.profileForBank(officer, id, String(ctx.state.requestId));
  });
  router.get('/:id/other-applications', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    const { byStatus, banks } = await applications.otherApplicationsForBank(officer, id, String(ctx.state.requestId));
    ctx.body = {
      total: byStatus.reduce((sum, s) => sum + s.count, 0),
      banks,
      byStatus: byStatus.map((s) => ({ ...s, statusLabel: STATUS_LABELS[s.status] })),
    } satisfies components['schemas']['OtherApplications'];
  });
  router.post('/:id/accept', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    const { version } = parseInput(versionSchema, ctx.request.body ?? {});
    await write(ctx, officer, 'bank-loan-applications.accept', { id, version }, async (applied) => detailView(await applications.accept(officer, id, version, applied)));
  });
  router.post('/:id/decision', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    const d = parseInput(decisionSchema, ctx.request.body);
    const description = d.comment ?? '';
    await write(ctx, officer, 'bank-loan-applications.decide', { id, ...d }, async (applied) => detailView(
      await applications.decide(officer, id, {
        decision: d.decision,
        expectedVersion: d.version,
        approval:
          d.decision === 'approve' ? { amount: d.approvedAmount!, rate: d.approvedRate!, termMonths: d.approvedTermMonths! } : undefined,
        rejection: d.decision === 'reject' ? { reason: d.rejectionReason!, description } : undefined,
        action: d.decision === 'request_action' ? { type: d.actionType!, description } : undefined,
        note: d.comment,
      }, applied),
    ));
  });
  router.post('/:id/disbursements', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    const { version, ...entry } = parseInput(ledgerSchema, ctx.request.body);
    await write(ctx, officer, 'bank-loan-applications.disburse', { id, version, ...entry }, async (applied) =>
      detailView(await applications.recordLedger(officer, id, { kind: 'disbursement', ...entry }, version, applied)),
    );
  });
  router.post('/:id/repayments', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    const { version, ...entry } = parseInput(repaymentSchema, ctx.request.body);
    await write(ctx, officer, 'bank-loan-applications.repay', { id, version, ...entry }, async (applied) =>
      detailView(await applications.recordLedger(officer, id, { kind: 'repayment', ...entry }, version, applied)),
    );
  });
  return router;
}
