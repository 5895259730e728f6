import type { Institution, InstitutionProfile } from './institution.js';

export const CHANGE_ACTIONS = ['create', 'update', 'suspend', 'reinstate'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];
export type ChangeStatus = 'pending' | 'approved' | 'rejected';

/** What a proposal asks for: the profile (create, update), data-source categories, the reason. */
export interface ChangeProposal {
  profile?: InstitutionProfile;
  /** Data-source departments: the categories they deliver (applied with the change). */
  categories?: string[];
  reason?: string;
}

/** One proposed change (变更申请) and, once decided, its audit row: who, when, before and after. */
export interface InstitutionChange {
  id: string;
  institutionId: string | null;
  action: ChangeAction;
  status: ChangeStatus;
  proposal: ChangeProposal;
  before: InstitutionSnapshot | null;
  after: InstitutionSnapshot | null;
  proposedBy: string;
  proposedByName: string;
  proposedAt: Date;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
}

/** An institution as the audit trail keeps it, with a department's categories. */
export type InstitutionSnapshot = Omit<Institution, 'connected'> & { categories?: string[] };
