import type { components } from '../http/generated/api.js';
import { STATUS_LABELS } from './applications/application-status.js';
import type { ApplicationDetail, ApplicationPage } from './applications/application-service.js';
import type { Applicant } from './bank-directory.js';
import type { LoanApplication } from './applications/loan-application.js';
import type { ProductWithMatch } from './products/loan-product.js';

type Schemas = components['schemas'];

export function productView(p: ProductWithMatch): Schemas['LoanProduct'] {
  return {
    id: p.id,
    bankId: p.bankId,
    bankName: p.bankName,
    name: p.name,
    description: p.description,
    minAmount: p.minAmount,
    maxAmount: p.maxAmount,
    minTermMonths: p.minTermMonths,
    maxTermMonths: p.maxTermMonths,
    minRate: p.minRate,
    maxRate: p.maxRate,
    guaranteeType: p.guaranteeType,
    eligibility: p.eligibility,
    regionCode: p.regionCode,
    zoneTags: p.zoneTags,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    publishedAt: p.publishedAt?.toISOString() ?? null,
    ...(p.match ? { match: p.match } : {}),
  };
}

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
  return { items: page.items.map((i) => applicationView(i.application, i.applicant)), total: page.total, ...paging };
}
