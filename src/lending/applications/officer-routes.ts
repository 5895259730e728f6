import Router from '@koa/router';
import { requireRole } from '../../http/auth.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import { STATUS_LABELS } from './application-status.js';
import type { LoanApplicationService } from './application-service.js';
import { idParams } from '../lending-schemas.js';
import { applicationQuerySchema, decisionSchema, ledgerSchema, repaymentSchema, versionSchema } from './application-schemas.js';
import { detailView, pageView } from './application-views.js';

/** 银行工作台: a loan officer's view of the applications sent to their bank. */
export function officerRoutes(applications: LoanApplicationService): Router {
  const router = new Router({ prefix: '/api/v1/bank/loan-applications' });
  router.get('/', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const query = parseInput(applicationQuerySchema, ctx.query);
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
    const { byStatus, banks } = await applications.otherApplicationsForBank(officer, id);
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
    ctx.body = detailView(await applications.accept(officer, id, version));
  });
  router.post('/:id/decision', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    const d = parseInput(decisionSchema, ctx.request.body);
    const description = d.comment ?? '';
    ctx.body = detailView(
      await applications.decide(officer, id, {
        decision: d.decision,
        expectedVersion: d.version,
        approval:
          d.decision === 'approve' ? { amount: d.approvedAmount!, rate: d.approvedRate!, termMonths: d.approvedTermMonths! } : undefined,
        rejection: d.decision === 'reject' ? { reason: d.rejectionReason!, description } : undefined,
        action: d.decision === 'request_action' ? { type: d.actionType!, description } : undefined,
        note: d.comment,
      }),
    );
  });
  router.post('/:id/disbursements', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    const { version, ...entry } = parseInput(ledgerSchema, ctx.request.body);
    ctx.body = detailView(await applications.recordLedger(officer, id, { kind: 'disbursement', ...entry }, version));
  });
  router.post('/:id/repayments', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    const { version, ...entry } = parseInput(repaymentSchema, ctx.request.body);
    ctx.body = detailView(await applications.recordLedger(officer, id, { kind: 'repayment', ...entry }, version));
  });
  return router;
}
