import type { components } from '../../http/generated/api.js';
import type { Applicant } from '../bank-directory.js';
import type { ApplicationDetail, ApplicationPage } from './application-service.js';
import { STATUS_LABELS } from './application-status.js';
import type { LoanApplication } from './loan-application.js';

type Schemas = components['schemas'];

export function applicationView(a: LoanApplication, applicant: Applicant): Schemas['LoanApplication'] {
  return {
    id: a.id,
    enterpriseId: a.enterpriseId,
    applicant,
    bankId: a.bankId,
    productId: a.productId,
    amount: a.amount,
    termMonths: a.termMonths,
    purpose: a.purpose,
    status: a.status,
    statusLabel: STATUS_LABELS[a.status],
    version: a.version,
    firstLoan: a.firstLoan,
    bankReference: a.bankReference,
    approvedAmount: a.approvedAmount,
    approvedRate: a.approvedRate,
    approvedTermMonths: a.approvedTermMonths,
    rejectionReason: a.rejectionReason,
    actionType: a.actionType,
    bankNote: a.bankNote,
    disbursedAmount: a.disbursedAmount,
    repaidAmount: a.repaidAmount,
    createdAt: a.createdAt.toISOString(),
    submittedAt: a.submittedAt?.toISOString() ?? null,
    acceptedAt: a.acceptedAt?.toISOString() ?? null,
    decidedAt: a.decidedAt?.toISOString() ?? null,
  };
}

export function detailView(d: ApplicationDetail): Schemas['LoanApplicationDetail'] {
  return {
    application: applicationView(d.application, d.applicant),
    events: d.events.map((e) => ({
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      action: e.action,
      actorType: e.actorType,
      actorName: e.actorName,
      reason: e.reason,
      details: e.details,
      occurredAt: e.occurredAt.toISOString(),
    })),
    ledger: d.ledger,
  };
}

export function pageView(page: ApplicationPage, paging: { page: number; pageSize: number }): Schemas['LoanApplicationPage'] {
  const view = { items: page.items.map((i) => applicationView(i.application, i.applicant)), total: page.total, page: paging.page, pageSize: paging.pageSize };
  return page.nextBefore === undefined ? view : { ...view, nextBefore: page.nextBefore };
}
