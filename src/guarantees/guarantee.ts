/** A guarantee (担保) on one loan application. Money is a decimal string (元). */
export const GUARANTEE_STATUSES = ['pending', 'granted', 'declined', 'released', 'compensated'] as const;
export type GuaranteeStatus = (typeof GUARANTEE_STATUSES)[number];

/**
 * A guarantee that was given: granted, and perhaps since released or compensated. Only such a
 * guarantee has a letter, and only its fee is owed and may be recorded (a pending one owes
 * nothing yet, a declined one nothing at all). The portal reads this list too.
 */
export const GIVEN_STATUSES: readonly GuaranteeStatus[] = ['granted', 'released', 'compensated'];
export const isGiven = (status: GuaranteeStatus): boolean => GIVEN_STATUSES.includes(status);

/**
 * Whether the company's officer has a decision to take: a 见保即贷 guarantee still pending while
 * its application waits for the company (担保机构审核中). A 见贷即保 one is decided automatically at
 * the bank's approval, and once the SME withdrew or the application expired nothing is left to
 * decide. The portal reads this rule too.
 */
export const awaitsDecision = (g: Pick<Guarantee, 'status' | 'route' | 'applicationStatus'>): boolean =>
  g.status === 'pending' && g.route === 'guarantee_first' && g.applicationStatus === 'GUARANTEE_REVIEW';

export interface Guarantee {
  id: string;
  applicationId: string;
  productId: string;
  productName: string;
  route: 'guarantee_first' | 'loan_first';
  companyId: string;
  enterpriseId: string;
  enterpriseName: string;
  uscc: string;
  bankId: string;
  bankName: string;
  applicationStatus: string;
  loanAmount: string;
  termMonths: number;
  guaranteedAmount: string;
  /** The loan's principal outstanding on the platform's ledger (disbursed less repaid); the model has no interest. */
  loanOutstanding: string;
  status: GuaranteeStatus;
  decidedBy: string | null;
  reason: string | null;
  /** The guarantee fee the SME pays (after the fee subsidy), and what it has paid. */
  feeDue: string;
  feePaid: string;
  createdAt: Date;
  decidedAt: Date | null;
}

export interface GuaranteeFilter {
  companyId: string;
  status?: GuaranteeStatus;
  productId?: string;
}
