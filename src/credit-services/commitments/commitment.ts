import { COMMITMENT_KIND_LABELS } from '../../ingestion/categories/commitment-breaches.js';

export const COMMITMENT_KINDS = Object.keys(COMMITMENT_KIND_LABELS) as (keyof typeof COMMITMENT_KIND_LABELS)[];
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];
export const COMMITMENT_STATUSES = ['pending', 'fulfilled', 'breached'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** 信用承诺: what an enterprise committed to a department (the issuer, 受理单位), and the department's check of it. */
export interface Commitment {
  id: string;
  number: string;
  uscc: string;
  kind: CommitmentKind;
  text: string;
  committedOn: string;
  institutionId: string;
  status: CommitmentStatus;
  finding: string | null;
  checkedOn: string | null;
  checkedAt: Date | null;
  breachBatchId: string | null;
  breachRecordKey: string | null;
}
