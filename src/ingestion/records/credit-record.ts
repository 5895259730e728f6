/** A stored credit record with its provenance (source, batch, receipt time) and repair status. */
export const RECORD_STATUSES = ['active', 'repaired', 'withdrawn'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export interface CreditRecord {
  id: number;
  category: string;
  recordKey: string;
  uscc: string;
  formatVersion: number;
  payload: Record<string, unknown>;
  businessDate: string | null;
  publicityEnd: string | null;
  publishedOnTime: boolean | null;
  status: RecordStatus;
  statusChangedAt: Date | null;
  /** 异议中: the enterprise disputes the record and the objection is still open. */
  disputed: boolean;
  sourceInstitutionId: string;
  /** Name of the source institution (数据来源单位). */
  sourceName: string | null;
  batchId: string;
  receivedAt: Date;
  firstBatchId: string;
  firstReceivedAt: Date;
}

/** A validated row ready to be upserted. */
export interface RecordRow {
  recordKey: string;
  uscc: string;
  payload: Record<string, unknown>;
  businessDate: string | null;
  publicityEnd: string | null;
  publishedOnTime: boolean | null;
}

export interface RecordEvent {
  kind: 'repair' | 'withdrawal';
  noticeNo: string;
  reason: string;
  /** Null for notices an operator entered for the provincial node. */
  institutionId: string | null;
  userId: string;
  receivedAt: Date;
}

/** Values a re-send replaced, with the provenance they had. */
export interface SupersededValues {
  formatVersion: number;
  payload: Record<string, unknown>;
  sourceInstitutionId: string;
  batchId: string;
  receivedAt: Date;
  supersededAt: Date;
}

/** A profile version built from a record (what a repair or withdrawal of the record affects). */
export interface VersionUsage {
  uscc: string;
  version: number;
  builtAt: Date;
  current: boolean;
}
