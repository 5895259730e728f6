import type { components } from '../../http/generated/api.js';
import { iso } from '../records/record-views.js';
import type { Batch } from './batch.js';
import type { BatchReport } from './ingestion-service.js';

type Schemas = components['schemas'];

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
  profilesPending: r.profilesPending,
});
