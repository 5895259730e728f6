import type { EligibilityFilter, EligibilityResult } from './eligibility.js';

/** 担保方式: 信用 / 保证 / 抵押 / 质押 / 担保公司担保. */
export const GUARANTEE_TYPES = ['credit', 'guarantee', 'mortgage', 'pledge', 'guarantee_company'] as const;
export type GuaranteeType = (typeof GUARANTEE_TYPES)[number];

/** 专区: 科技贷专区, 乡村振兴专区, 创业担保贷. */
export const ZONE_TAGS = ['tech_loan', 'rural_revitalization', 'startup_guarantee'] as const;
export type ZoneTag = (typeof ZONE_TAGS)[number];

/** `returned` (已退回): the admin sent a draft back with a reason; the bank's edit makes it a draft again. */
export type ProductStatus = 'draft' | 'published' | 'withdrawn' | 'returned';

/** The admin's last return of a product (退回修改). */
/** 产品审核记录: one admin decision on a product. `decidedBy` is null for a publication carried over from before the record was kept. */
export interface ProductReview {
  decision: 'published' | 'returned' | 'withdrawn';
  /** The 退回修改 reason; null for the other decisions. */
  reason: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: Date;
}

export interface ProductReturn {
  reason: string;
  returnedAt: Date;
  returnedBy: string;
}

/** A financial product (金融产品) of one bank. Money is a decimal string; rates are annual % (e.g. "3.4500"). */
export interface LoanProduct {
  id: string;
  bankId: string;
  bankName: string;
  name: string;
  description: string;
  minAmount: string;
  maxAmount: string;
  minTermMonths: number;
  maxTermMonths: number;
  minRate: string;
  maxRate: string;
  guaranteeType: GuaranteeType;
  eligibility: EligibilityFilter[];
  regionCode: string | null;
  zoneTags: ZoneTag[];
  status: ProductStatus;
  createdAt: Date;
  publishedAt: Date | null;
  lastReturn: ProductReturn | null;
  /** Raised by each edit of its bank: the admin's 上架 names the revision it reviewed. */
  revision: number;
}

export type ProductDraft = Omit<LoanProduct, 'id' | 'bankId' | 'bankName' | 'status' | 'createdAt' | 'publishedAt' | 'lastReturn' | 'revision'>;

export interface ProductFilter {
  status?: ProductStatus;
  bankId?: string;
  guaranteeType?: GuaranteeType;
  zoneTag?: ZoneTag;
  regionCode?: string;
  /** Products whose amount range covers this amount. */
  amount?: string;
  /** Products whose term range covers this many months. */
  termMonths?: number;
}

export interface ProductWithMatch extends LoanProduct {
  /** Present when an SME browses: whether it likely qualifies. */
  match?: EligibilityResult;
}
