/** 融资需求: an SME states amount, term and purpose; eligible banks see it and the first to accept wins (抢单). */
export interface FinancingDemand {
  id: string;
  enterpriseId: string;
  amount: string;
  termMonths: number;
  purpose: string;
  status: 'open' | 'accepted' | 'withdrawn';
  acceptedByBankId: string | null;
  applicationId: string | null;
  createdAt: Date;
  acceptedAt: Date | null;
}
