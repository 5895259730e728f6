import type { InstitutionType } from '../platform/roles.js';

/** A bank, guarantee company, the financial office or a data-source department (with its own USCC). */
export interface Institution {
  id: string;
  code: string;
  name: string;
  type: InstitutionType;
  uscc: string;
  /**
   * For banks: 已对接, computed (not stored): a working bank connection and a successful exchange
   * with the bank's system within the configured window (see `bank-connections/`). False for the others.
   */
  connected: boolean;
}

/** An institution as stored. */
export type InstitutionRecord = Omit<Institution, 'connected'>;
