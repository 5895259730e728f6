import type { DbOrTrx } from '../../db/database.js';
import type { FieldError } from '../../platform/errors.js';
import type { Principal } from '../../platform/roles.js';
import type { LoanApplication, NewApplicationEvent, StartupLoanDeclaration } from './loan-application.js';
import type { ConsentTerms } from '../consent-terms.js';

/**
 * What lending needs from consents (issue #5), and nothing more. Applying to a bank creates the
 * `loan_application` grant to that bank in the same transaction; the officer reads the profile
 * only through the consent gate, which checks the grant and writes the access log.
 */
export interface ApplicationConsentPort {
  /** Creates the `loan_application` grant of `enterpriseId` to `bankId` with exactly `terms`; returns its id. */
  grantForApplication(
    tx: DbOrTrx,
    grant: { enterpriseId: string; bankId: string; applicationId: string; terms: ConsentTerms; grantedBy: string },
  ): Promise<{ grantId: string | null }>;
  /**
   * The enterprise's credit profile as the bank may see it; throws when no active grant covers it.
   * `onetime` says the read spent a ONETIME grant, so the caller keeps it in the case file.
   */
  readProfileForApplication(
    tx: DbOrTrx,
    /**
     * `reader` is the officer or the bank's machine client; the access log names whichever it is,
     * and `bankId` as the grantee, also when the officer works at a branch of it (decision 0037).
     */
    read: {
      bankId: string;
      reader: Principal;
      enterpriseId: string;
      applicationId: string;
      /** The application's own grant to `bankId`: the read is checked, spent and logged under it alone. Null: the newest grant in force for 贷款申请. */
      grantId: string | null;
      requestId: string;
    },
  ): Promise<{ profile: Record<string, unknown>; grantId: string; onetime: boolean }>;
  /**
   * Refuses (as the gate would) when the grant a kept snapshot came from has ended: revoked,
   * terminated or expired, the case file is closed to the bank too. The refusal is kept for the
   * enterprise's 查询记录 as the gate's are.
   */
  assertGrantLive(tx: DbOrTrx, check: { grantId: string; bankId: string; reader: Principal; enterpriseId: string; requestId: string }): Promise<void>;
  /** Refuses `bankId`'s read of the applicant's profile when the application names no grant to it, kept for 查询记录 as the gate's refusals are. */
  refuseUngranted(db: DbOrTrx, read: { bankId: string; reader: Principal; enterpriseId: string; requestId: string }): Promise<never>;
}

/** The guarantee port's refusal of a 见保即贷 approval above the loan the guarantee covers; a loan limit to lending. */
export const APPROVAL_ABOVE_GUARANTEE = 'APPROVAL_ABOVE_GUARANTEE';

/**
 * What lending needs from the guarantee side (issue 16), declared here because guarantees sits
 * above lending and reads its services; `services.ts` wires the guarantee service in.
 */
export interface GuaranteePort {
  /** The guarantee product's route and company when the loan product is guaranteed; undefined otherwise. */
  routeOf(tx: DbOrTrx, loanProductId: string): Promise<{ route: 'guarantee_first' | 'loan_first'; companyId: string } | undefined>;
  /** Opens the pending guarantee of a submitted application; the reasons when the firm does not qualify. */
  /** Reasons refuse the product as a whole (field `productId`); `errors` name the application's own fields. */
  open(tx: DbOrTrx, application: GuaranteedApplication): Promise<{ reasons: string[]; errors?: FieldError[] }>;
  /** 见贷即保: decides the guarantee at the bank's approval, within the batch limits and the capacity left. */
  decideAutomatically(tx: DbOrTrx, application: GuaranteedApplication, approvedAmount: string): Promise<{ granted: boolean; reason: string | null }>;
  /**
   * The bank's approved amount, on a granted guarantee; undefined when nothing changed.
   * 见贷即保, when it arrived or changed after the guarantee was decided (a report that overtook
   * the approval): the guarantee is reduced, or raised within the automatic limits.
   * 见保即贷, decided by the company on the amount applied for: the guarantee is reduced to a lower
   * approval; an approval above the loan it covers throws `APPROVAL_ABOVE_GUARANTEE` (422 on
   * `approvedAmount`), so the bank lends no more than the company guaranteed.
   */
  followApproval(tx: DbOrTrx, application: GuaranteedApplication, approvedAmount: string): Promise<GuaranteeChange | undefined>;
  /** 解保: the loan was fully repaid or closed; a guarantee in force on it is released. */
  loanSettled(tx: DbOrTrx, applicationId: string): Promise<void>;
}

/** A granted guarantee set right by a late approval, as the timeline records it (元). */
export interface GuaranteeChange {
  companyId: string;
  /** The guaranteed amount before and after. */
  from: string;
  to: string;
  /** What the approved loan calls for; above `to` when the guarantee could not grow to it. */
  due: string;
  /** One sentence: what changed, and why the guarantee covers less than the loan when it does. */
  note: string;
}

export interface GuaranteedApplication {
  id: string;
  enterpriseId: string;
  productId: string;
  amount: string;
  termMonths: number;
  startupLoan: StartupLoanDeclaration | null;
}

/**
 * Told of every application event the state machine records, in the same transaction (the
 * notifications of issue 19); `services.ts` wires `applicationNotices` in.
 */
export interface ApplicationEventObserver {
  onEvent(tx: DbOrTrx, application: LoanApplication, event: NewApplicationEvent): Promise<void>;
}
