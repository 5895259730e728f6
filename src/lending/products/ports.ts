import type { DbOrTrx } from '../../db/database.js';
import type { ProfileIndicators } from './eligibility.js';

/** What lending needs from credit profiles (issue #6): an enterprise's indicators by name. */
export interface ProfileIndicatorPort {
  indicatorsFor(tx: DbOrTrx, enterpriseId: string): Promise<ProfileIndicators>;
}
