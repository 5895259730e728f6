import type { DbOrTrx } from '../../db/database.js';
import type { Principal } from '../../platform/roles.js';
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
    /** `reader` is the officer or the bank's machine client; the access log names whichever it is. */
    read: { bankId: string; reader: Principal; enterpriseId: string; applicationId: string; requestId: string },
  ): Promise<{ profile: Record<string, unknown>; grantId: string; onetime: boolean }>;
  /**
   * Refuses (as the gate would) when the grant a kept snapshot came from has ended: revoked,
   * terminated or expired, the case file is closed to the bank too.
   */
  assertGrantLive(tx: DbOrTrx, check: { grantId: string; reader: Principal }): Promise<void>;
}
