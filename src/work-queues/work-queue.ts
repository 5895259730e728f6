/** One line of a workbench's 待办事项: what waits, how many, and the first few of them. */
export interface WorkQueue {
  code: WorkQueueCode;
  count: number;
  entries: WorkQueueEntry[];
}

export interface WorkQueueEntry {
  /** What the entry opens: a loan application, a guarantee, a consent grant, an office alert, a pre-credit result, an officer's load. */
  ref: { kind: 'loan_application' | 'guarantee' | 'consent' | 'alert' | 'precredit' | 'officer'; id: string };
  title: string;
  since: Date;
}

export const WORK_QUEUE_CODES = [
  'assigned_to_me',
  'new_unassigned',
  'material_answered',
  'unassigned',
  'workload',
  'overdue_sla',
  'guarantee_pending',
  'material_requested',
  'grants_expiring',
  'whitelist_changes',
  'open_escalations',
] as const;
export type WorkQueueCode = (typeof WORK_QUEUE_CODES)[number];
