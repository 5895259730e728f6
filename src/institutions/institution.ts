import type { InstitutionType, OnboardedInstitutionType } from '../platform/roles.js';

export const INSTITUTION_STATUSES = ['active', 'suspended'] as const;
export type InstitutionStatus = (typeof INSTITUTION_STATUSES)[number];

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
  /** 已停用 (suspended): its people and machine clients are refused at once. */
  status: InstitutionStatus;
  /** A bank branch's parent bank (the branch tree); null for a head office and other types. */
  parentId: string | null;
  /** Banks: the 金融机构编码 (14 characters, JR/T 0124) the central bank assigned. */
  financialCode: string | null;
}

/** What an admin may set when onboarding or editing an institution. */
export interface InstitutionProfile {
  code: string;
  name: string;
  type: OnboardedInstitutionType;
  uscc: string;
  parentId: string | null;
  financialCode: string | null;
}

/** An institution as stored. */
export type InstitutionRecord = Omit<Institution, 'connected'>;
