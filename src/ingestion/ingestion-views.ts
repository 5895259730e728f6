import type { components } from '../http/generated/api.js';
import type { Batch } from './batches/batch.js';
import type { BatchReport } from './batches/ingestion-service.js';
import type { CreditRecord } from './records/credit-record.js';

type Schemas = components['schemas'];

export const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

export const batchView = (b: Batch): Schemas['IngestionBatch'] => ({
  id: b.id,
  category: b.category,
  formatVersion: b.formatVersion,
  channel: b.channel,
  fileFormat: b.fileFormat,
  fileName: b.fileName,
  status: b.status,
  rowsRead: b.rowsRead,
  rowsAccepted: b.rowsAccepted,
  rowsRejected: b.rowsRejected,
  rowsInserted: b.rowsInserted,
  rowsUpdated: b.rowsUpdated,
  rowsUnchanged: b.rowsUnchanged,
  failure: b.failure,
  receivedAt: iso(b.receivedAt)!,
  completedAt: iso(b.completedAt),
});

export const reportView = (r: BatchReport): Schemas['BatchReport'] => ({
  ...batchView(r),
  categoryLabel: r.categoryLabel,
  rejections: r.rejections,
  rejectionsTruncated: r.rejectionsTruncated,
});

export const recordView = (r: CreditRecord): Schemas['CreditRecord'] => ({
  id: r.id,
  category: r.category,
  recordKey: r.recordKey,
  uscc: r.uscc,
  formatVersion: r.formatVersion,
  payload: r.payload,
  businessDate: r.businessDate,
  publicityEnd: r.publicityEnd,
  publishedOnTime: r.publishedOnTime,
  status: r.status,
  statusChangedAt: iso(r.statusChangedAt),
  provenance: {
    sourceInstitutionId: r.sourceInstitutionId,
    sourceName: r.sourceName,
    batchId: r.batchId,
    receivedAt: iso(r.receivedAt)!,
    firstBatchId: r.firstBatchId,
    firstReceivedAt: iso(r.firstReceivedAt)!,
  },
});
