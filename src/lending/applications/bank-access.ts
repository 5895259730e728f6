import type { DbOrTrx } from '../../db/database.js';
import type { InstitutionService } from '../../institutions/institution-service.js';
import { forbidden, notFound } from '../../platform/errors.js';
import type { Principal } from '../../platform/roles.js';
import type { ApplicationStore } from './application-store.js';
import type { BankReach, LoanApplication } from './loan-application.js';

/** Who an application is assigned to (分派), as far as access depends on it. */
export interface AssignedTo {
  branchId: string | null;
  officerId: string;
}

export interface BankAccessDeps {
  applications: Pick<ApplicationStore, 'findById' | 'reachedBank'>;
  /** The branch tree (支行 below their bank), through the institutions service. */
  institutions: Pick<InstitutionService, 'ancestorIds'>;
  /** The application's current assignment; a port because `assignment/` sits above `applications/`. */
  assignmentOf(tx: DbOrTrx, applicationId: string): Promise<AssignedTo | undefined>;
}

/**
 * The one rule for every bank path on an application (decision 0037): may this principal act for
 * the application's bank? The bank's own people and machine clients (the head office, the
 * application's `bankId`) may, on every application of the bank. A person of a branch institution
 * below that bank may exactly when the application is assigned to their branch or to them
 * personally; every other application of the bank is, for them, as another bank's: not found. An
 * application the bank was never sent (a 见保即贷 one still with, or stopped by, the guarantee
 * company) is not found either (decision 0027).
 */
export class BankAccess {
  constructor(private readonly deps: BankAccessDeps) {}

  /** How far the principal reaches, for lists: their own institution's applications and, for a branch person, the assigned ones above. */
  async reach(tx: DbOrTrx, principal: Principal): Promise<BankReach> {
    const bankId = bankOf(principal);
    if (principal.clientId !== undefined) return { bankId, assignedAbove: null };
    const above = await this.deps.institutions.ancestorIds(tx, bankId);
    return { bankId, assignedAbove: above.length ? { bankIds: above, branchId: bankId, officerId: principal.userId } : null };
  }

  async mayActFor(tx: DbOrTrx, principal: Principal, application: LoanApplication): Promise<boolean> {
    const own = bankOf(principal);
    if (!(await this.deps.applications.reachedBank(tx, application.id))) return false;
    if (application.bankId === own) return true;
    if (principal.clientId !== undefined) return false;
    const assigned = await this.deps.assignmentOf(tx, application.id);
    if (!assigned || (assigned.branchId !== own && assigned.officerId !== principal.userId)) return false;
    return (await this.deps.institutions.ancestorIds(tx, own)).includes(application.bankId);
  }

  /** The application if the principal may act for its bank; 404 otherwise, as another bank gets. */
  async application(tx: DbOrTrx, principal: Principal, id: string, options: { forUpdate?: boolean } = {}): Promise<LoanApplication> {
    bankOf(principal);
    const application = await this.deps.applications.findById(tx, id, options);
    if (!application || !(await this.mayActFor(tx, principal, application))) throw notFound('APPLICATION_NOT_FOUND', '贷款申请不存在');
    return application;
  }
}

function bankOf(principal: Principal): string {
  if (!principal.institutionId) throw forbidden('BANK_REQUIRED', '仅银行账号可操作');
  return principal.institutionId;
}
