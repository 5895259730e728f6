import type { components } from '../../http/generated/api.js';
import type { CreditRecord } from './credit-record.js';

type Schemas = components['schemas'];

export const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

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
