import type { TechList } from '../ingestion/categories/tech-lists-labels.js';
import type { TechTier } from './risk-rules.js';

/**
 * The route a guarantee product runs on: 见保即贷 (`guarantee_first`: the guarantee company
 * approves, then the bank) or 见贷即保 (`loan_first`: the bank approves, the guarantee follows
 * automatically within the batch limits and the company's remaining capacity).
 */
export const GUARANTEE_ROUTES = ['guarantee_first', 'loan_first'] as const;
export type GuaranteeRoute = (typeof GUARANTEE_ROUTES)[number];

/** 反担保 kinds: 知识产权质押, 股权质押, 实控人个人保证, 信用保证. */
export const COUNTER_GUARANTEES = ['ip_pledge', 'equity_pledge', 'controller_guarantee', 'credit_guarantee'] as const;
export type CounterGuarantee = (typeof COUNTER_GUARANTEES)[number];

/** A guarantee product (担保产品) of one guarantee company, tied to one bank loan product. Rates are annual %. */
export interface GuaranteeProduct {
  id: string;
  companyId: string;
  companyName: string;
  loanProductId: string;
  loanProductName: string;
  bankName: string;
  name: string;
  route: GuaranteeRoute;
  templateCode: string;
  guaranteedShareBp: number;
  feeRate: string;
  feeSubsidyRate: string;
  singleFirmCap: string;
  maxTermMonths: number;
  /** The firm must be on at least one of these lists; empty means no list is needed. */
  eligibleLists: TechList[];
  techTier: TechTier | null;
  counterGuarantees: CounterGuarantee[];
  /** Loans up to this amount need no 反担保; null means every loan needs it when any is listed. */
  counterGuaranteeFreeUpTo: string | null;
  /** 见贷即保: the largest single loan guaranteed automatically; null on 见保即贷. */
  autoGrantMaxAmount: string | null;
  createdAt: Date;
}

export type GuaranteeProductDraft = Omit<GuaranteeProduct, 'id' | 'companyId' | 'companyName' | 'loanProductName' | 'bankName' | 'createdAt'>;

/** A company's batch capacity: the limit, what its guarantees in force use, and what is left (元). */
export interface GuaranteeCapacity {
  companyId: string;
  batchLimit: string;
  used: string;
  left: string;
}
