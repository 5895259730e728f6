import type { ActionType, BankEventType, RejectionReason } from '../../../bank-adapters/port.js';
import type { Principal } from '../../platform/roles.js';
import type { ApplicationAction, ApplicationStatus } from './application-status.js';

/** The outbox key of an application's submission to its bank, and the idempotency key the bank is sent. */
export const submissionMessageKey = (applicationId: string): string => `loan-application:${applicationId}:submit`;

export interface LoanApplication {
  id: string;
  enterpriseId: string;
  bankId: string;
  productId: string | null;
  amount: string;
  termMonths: number;
  purpose: string;
  /** 创业担保贷款: the borrower's declaration, checked by the guarantee step; null otherwise. */
  startupLoan: StartupLoanDeclaration | null;
  status: ApplicationStatus;
  /** Optimistic-lock version, bumped by every transition. */
  version: number;
  /** 首贷户: the enterprise had no loan disbursed through the platform before this application. */
  firstLoan: boolean;
  consentGrantId: string | null;
  bankReference: string | null;
  approvedAmount: string | null;
  approvedRate: string | null;
  approvedTermMonths: number | null;
  rejectionReason: RejectionReason | null;
  actionType: ActionType | null;
  bankNote: string | null;
  disbursedAmount: string;
  repaidAmount: string;
  createdAt: Date;
  submittedAt: Date | null;
  acceptedAt: Date | null;
  decidedAt: Date | null;
  lastBankContactAt: Date | null;
  updatedAt: Date;
}

/** `client`: an institution's machine client (client credentials), recorded by its client id. */
export type ActorType = 'enterprise' | 'bank_officer' | 'client' | 'bank_system' | 'guarantee_officer' | 'guarantee_system' | 'system';

/** Who acts for a bank: its machine client when the token is one, else the officer. */
export function institutionActor(principal: Principal): { type: ActorType; id: string } {
  return principal.clientId !== undefined ? { type: 'client', id: principal.clientId } : { type: 'bank_officer', id: principal.userId };
}

/** One applied transition: immutable history (who, when, from, to, reason). */
export interface ApplicationEvent {
  id: number;
  applicationId: string;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus;
  action: ApplicationAction | 'create' | 'record';
  actorType: ActorType;
  actorId: string;
  /** The machine client's name when `actorType` is `client`. */
  actorName: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  occurredAt: Date;
}

export type NewApplicationEvent = Omit<ApplicationEvent, 'id' | 'actorName'>;

export interface LedgerEntry {
  kind: 'disbursement' | 'repayment';
  reference: string;
  amount: string;
  /** Business date, Asia/Shanghai, YYYY-MM-DD. */
  occurredOn: string;
}

/** The status each bank event brings the application to. */
export const BANK_EVENT_TARGET: Record<BankEventType, ApplicationStatus> = {
  accepted: 'ACCEPTED',
  under_review: 'UNDER_REVIEW',
  action_required: 'ACTION_REQUIRED',
  approved: 'APPROVED',
  rejected: 'REJECTED',
  contracted: 'CONTRACTED',
  disbursed: 'DISBURSED',
  repaid: 'REPAYING',
  closed: 'CLOSED',
  defaulted: 'DEFAULTED',
};

export interface ApplicationFilter {
  enterpriseId?: string;
  bankId?: string;
  productId?: string;
  status?: ApplicationStatus;
  /** With `bankId`: a branch person's applications of the banks above, assigned to their branch or to them (decision 0037). */
  assignedAbove?: BankReach['assignedAbove'];
  /** An officer's user id: the applications assigned to them come first (分派, decision 0037). */
  assignedFirst?: string;
  page: number;
  pageSize: number;
  /** Keyset paging: the applications after this one, newest first (no assigned-first order). */
  before?: string;
}

/** Which applications a bank principal may act on (`BankAccess`): all of `bankId`, and those of `assignedAbove`. */
export interface BankReach {
  bankId: string;
  /** A branch person only: the banks above the branch, and whose assignment opens their applications. */
  assignedAbove: { bankIds: string[]; branchId: string; officerId: string } | null;
}

/** What a 创业担保贷款 borrower declares with the application. */
export interface StartupLoanDeclaration {
  borrowerType: 'individual' | 'partnership' | 'small_firm';
  borrowerCategory: string;
  jobsCreated: number;
  renewals: number;
  partners?: number;
  staff?: number;
  newHires?: number;
  /** Whether the borrower offers 反担保. */
  counterGuarantee: boolean;
}
