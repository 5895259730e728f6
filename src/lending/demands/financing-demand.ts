import type { ConsentTerms } from '../consent-terms.js';

/** 融资需求: an SME states amount, term and purpose; eligible banks see it and the first to accept wins (抢单). */
export interface FinancingDemand {
  id: string;
  enterpriseId: string;
  amount: string;
  termMonths: number;
  purpose: string;
  /** What the winning bank may read, as the enterprise chose when posting; null: the defaults. */
  consentTerms: ConsentTerms | null;
  status: 'open' | 'accepted' | 'withdrawn';
  acceptedByBankId: string | null;
  applicationId: string | null;
  createdAt: Date;
  acceptedAt: Date | null;
}
