import type { InstitutionType } from '../platform/roles.js';

/** A bank, guarantee company, the financial office or a data-source department (with its own USCC). */
export interface Institution {
  id: string;
  code: string;
  name: string;
  type: InstitutionType;
  uscc: string;
  /** For banks: whether the bank's system is connected to the platform (对接). */
  connected: boolean;
}
