import type { MonitoredLoan } from '../../consents/consent-service.js';
import type { DbOrTrx } from '../../db/database.js';
import type { ApplicationStatus } from './application-status.js';
import type { ApplicationStore } from './application-store.js';
import type { GuaranteePort } from './ports.js';

/** A loan on the books: disbursed and neither closed nor ended otherwise. */
const ON_BOOKS: readonly ApplicationStatus[] = ['DISBURSED', 'REPAYING', 'DEFAULTED'];

/**
 * The loan a 贷后监测 grant names, as consents check it: whose it is, who lends on it or
 * guarantees it (the bank, and the guarantee company of a guaranteed product), and whether it is
 * on the books.
 */
export function monitoredLoans(applications: Pick<ApplicationStore, 'findById'>, guarantees: Pick<GuaranteePort, 'routeOf'>) {
  return async (tx: DbOrTrx, applicationId: string): Promise<MonitoredLoan | undefined> => {
    const application = await applications.findById(tx, applicationId);
    if (!application) return undefined;
    const guarantee = application.productId ? await guarantees.routeOf(tx, application.productId) : undefined;
    return {
      enterpriseId: application.enterpriseId,
      lenderIds: guarantee ? [application.bankId, guarantee.companyId] : [application.bankId],
      onBooks: ON_BOOKS.includes(application.status),
    };
  };
}
