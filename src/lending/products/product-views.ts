import type { components } from '../../http/generated/api.js';
import type { ProductReview, ProductWithMatch } from './loan-product.js';

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
    revision: p.revision,
    createdAt: p.createdAt.toISOString(),
    publishedAt: p.publishedAt?.toISOString() ?? null,
    lastReturn: p.lastReturn && { reason: p.lastReturn.reason, returnedAt: p.lastReturn.returnedAt.toISOString(), returnedBy: p.lastReturn.returnedBy },
    ...(p.match ? { match: p.match } : {}),
  };
}

export function productReviewView(r: ProductReview): Schemas['LoanProductReview'] {
  return { decision: r.decision, reason: r.reason, decidedBy: r.decidedBy, decidedByName: r.decidedByName, decidedAt: r.decidedAt.toISOString() };
}
