import type { FieldError } from '../../platform/errors.js';

export type BatchChannel = 'api' | 'upload';
export type FileFormat = 'jsonl' | 'csv' | 'xlsx';
export type BatchStatus = 'processing' | 'completed' | 'failed';

export interface BatchCounts {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
}

export interface Batch extends BatchCounts {
  id: string;
  institutionId: string;
  submittedBy: string | null;
  category: string;
  formatVersion: number;
  channel: BatchChannel;
  fileFormat: FileFormat;
  fileName: string | null;
  status: BatchStatus;
  failure: string | null;
  receivedAt: Date;
  completedAt: Date | null;
}

export interface NewBatch {
  institutionId: string;
  submittedBy: string | null;
  category: string;
  formatVersion: number;
  channel: BatchChannel;
  fileFormat: FileFormat;
  fileName: string | null;
}

/** A quarantined row: nothing rejected is dropped; the raw values are kept with every reason. */
export interface Rejection {
  rowNumber: number;
  errors: FieldError[];
  raw: Record<string, unknown>;
}
