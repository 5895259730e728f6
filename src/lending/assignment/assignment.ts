import type { ApplicationStatus } from '../applications/application-status.js';

/** Where the bank is working an application (待办): assignable, counted in the workload. */
export const BANK_WORK_STATUSES: readonly ApplicationStatus[] = ['SUBMITTED', 'ACCEPTED', 'UNDER_REVIEW', 'ACTION_REQUIRED', 'APPROVED', 'CONTRACTED'];

/** An application's current assignment (分派): the branch (支行) and the officer who works it. */
export interface Assignment {
  applicationId: string;
  branch: string | null;
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
  open: number;
}

export interface Workload {
  unassigned: number;
  officers: OfficerLoad[];
}
