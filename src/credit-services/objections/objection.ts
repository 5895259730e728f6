/** 异议: an enterprise's dispute of one of its credit records, answered by the department that delivered it. */
export const OBJECTION_OUTCOMES = ['corrected', 'withdrawn', 'upheld'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];
export type ObjectionStatus = 'open' | ObjectionOutcome;
export const OBJECTION_STATUSES = ['open', 'corrected', 'withdrawn', 'upheld'] as const;

export interface Objection {
  id: string;
  /** Human-readable number, e.g. 异议〔2026〕000123号's `YY2026-000123`. */
  number: string;
  enterpriseId: string;
  uscc: string;
  category: string;
  recordKey: string;
  sourceInstitutionId: string;
  reasons: string;
  status: ObjectionStatus;
  filedAt: Date;
  /** The last working day for the department's answer. */
  dueOn: string;
  escalatedAt: Date | null;
  answerReason: string | null;
  correctionBatchId: string | null;
  answeredAt: Date | null;
}

export interface ObjectionAttachment {
  id: number;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sm3: string;
  uploadedAt: Date;
}
