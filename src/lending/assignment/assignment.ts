import type { ApplicationStatus } from '../applications/application-status.js';

/** Where the bank is working an application (待办): assignable, counted in the workload. */
export const BANK_WORK_STATUSES: readonly ApplicationStatus[] = ['SUBMITTED', 'ACCEPTED', 'UNDER_REVIEW', 'ACTION_REQUIRED', 'APPROVED', 'CONTRACTED'];

/**
 * An application's current assignment (分派): the branch (经办支行: the bank itself or an
 * institution below it in the bank's branch tree) and the officer who works it. The branch is
 * null only for assignments whose free-text branch could not be mapped (decision 0037).
 */
export interface Assignment {
  applicationId: string;
  branchId: string | null;
  branchName: string | null;
  officerId: string;
  officerName: string;
  assignedBy: string;
  assignedAt: Date;
}

/** How an assignment came about: by the institution admin (first or again), or taken by the officer. */
export type AssignmentHow = 'assigned' | 'reassigned' | 'taken';

export interface AssignmentEntry extends Assignment {
  previousOfficerId: string | null;
  how: AssignmentHow;
}

/** One officer's load: open applications assigned to them. */
export interface OfficerLoad {
  officerId: string;
  officerName: string;
  position: 'officer' | 'reviewer' | 'institution_admin';
  /** The bank itself or the branch the officer belongs to. */
  institutionId: string;
  open: number;
}

/** One node of the bank's branch tree (the bank itself first) with its open assigned applications. */
export interface BranchLoad {
  branchId: string;
  name: string;
  parentId: string | null;
  open: number;
}

/** Open applications of one officer at one branch (null: no branch recorded). */
export interface BranchOfficerLoad {
  branchId: string | null;
  officerId: string;
  open: number;
}

export interface Workload {
  unassigned: number;
  officers: OfficerLoad[];
  branches: BranchLoad[];
  byBranchAndOfficer: BranchOfficerLoad[];
}
