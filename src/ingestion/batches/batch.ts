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

/** What opens a batch; its id, counts, status and times are the store's. */
export type NewBatch = Pick<Batch, 'institutionId' | 'submittedBy' | 'category' | 'formatVersion' | 'channel' | 'fileFormat' | 'fileName'>;

/** A quarantined row: nothing rejected is dropped; the raw values are kept with every reason. */
export interface Rejection {
  rowNumber: number;
  errors: FieldError[];
  raw: Record<string, unknown>;
}
