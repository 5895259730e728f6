import type { DbOrTrx } from '../../db/database.js';
import type { Batch, BatchCounts, NewBatch, Rejection } from './batch.js';

export interface BatchStore {
  insert(tx: DbOrTrx, batch: NewBatch): Promise<Batch>;
  addCounts(tx: DbOrTrx, id: string, delta: BatchCounts): Promise<void>;
  finish(tx: DbOrTrx, id: string, status: 'completed' | 'failed', failure: string | null, at: Date): Promise<Batch>;
  find(tx: DbOrTrx, id: string): Promise<Batch | undefined>;
  /** Ids of batches still `processing`. */
  unfinished(tx: DbOrTrx): Promise<string[]>;
  /** Shows that this process is still loading the batches (see closeAbandoned). */
  heartbeat(tx: DbOrTrx, ids: readonly string[]): Promise<void>;
  /** Sets batches still `processing` whose heartbeat is older than `staleSeconds` (database time) to `failed`; returns their ids. */
  closeAbandoned(tx: DbOrTrx, staleSeconds: number, failure: string, at: Date): Promise<string[]>;
  list(tx: DbOrTrx, filter: { institutionId?: string; limit: number }): Promise<Batch[]>;
  quarantine(tx: DbOrTrx, batchId: string, rejections: readonly Rejection[]): Promise<void>;
  rejections(tx: DbOrTrx, batchId: string, page: { afterRow: number; limit: number }): Promise<Rejection[]>;
}

const COLUMNS = [
  'id', 'institution_id as institutionId', 'submitted_by as submittedBy', 'category', 'format_version as formatVersion',
  'channel', 'file_format as fileFormat', 'file_name as fileName', 'status', 'rows_read as rowsRead',
  'rows_accepted as rowsAccepted', 'rows_rejected as rowsRejected', 'rows_inserted as rowsInserted',
  'rows_updated as rowsUpdated', 'rows_unchanged as rowsUnchanged', 'failure', 'received_at as receivedAt',
  'completed_at as completedAt',
];

export const batchStore: BatchStore = {
  async insert(tx, b) {
    const [row] = await tx('ingestion_batches')
      .insert({
        institution_id: b.institutionId,
        submitted_by: b.submittedBy,
        category: b.category,
        format_version: b.formatVersion,
        channel: b.channel,
        file_format: b.fileFormat,
        file_name: b.fileName,
      })
      .returning(COLUMNS);
    return row as Batch;
  },
  async addCounts(tx, id, d) {
    await tx('ingestion_batches')
      .where({ id })
      .increment({
        rows_read: d.rowsRead,
        rows_accepted: d.rowsAccepted,
        rows_rejected: d.rowsRejected,
        rows_inserted: d.rowsInserted,
        rows_updated: d.rowsUpdated,
        rows_unchanged: d.rowsUnchanged,
      });
  },
  async finish(tx, id, status, failure, at) {
    const [row] = await tx('ingestion_batches').where({ id }).update({ status, failure, completed_at: at }).returning(COLUMNS);
    return row as Batch;
  },
  async find(tx, id) {
    return (await tx('ingestion_batches').where({ id }).first(COLUMNS)) as Batch | undefined;
  },
  async unfinished(tx) {
    return (await tx('ingestion_batches').where({ status: 'processing' }).orderBy('received_at').pluck('id')) as string[];
  },
  async heartbeat(tx, ids) {
    if (ids.length) await tx('ingestion_batches').whereIn('id', ids).where({ status: 'processing' }).update({ heartbeat_at: tx.fn.now() });
  },
  async closeAbandoned(tx, staleSeconds, failure, at) {
    return (await tx('ingestion_batches')
      .where({ status: 'processing' })
      .where('heartbeat_at', '<', tx.raw('now() - make_interval(secs => ?)', [staleSeconds]))
      .update({ status: 'failed', failure, completed_at: at })
      .returning('id')).map((r: { id: string }) => r.id);
  },
  async list(tx, filter) {
    const q = tx('ingestion_batches').select(COLUMNS).orderBy('received_at', 'desc').limit(filter.limit);
    if (filter.institutionId) q.where({ institution_id: filter.institutionId });
    return (await q) as Batch[];
  },
  async quarantine(tx, batchId, rejections) {
    if (rejections.length === 0) return;
    await tx('ingestion_quarantine').insert(
      rejections.map((r) => ({ batch_id: batchId, row_number: r.rowNumber, errors: JSON.stringify(r.errors), raw: JSON.stringify(r.raw) })),
    );
  },
  async rejections(tx, batchId, page) {
    return tx('ingestion_quarantine')
      .where({ batch_id: batchId })
      .andWhere('row_number', '>', page.afterRow)
      .orderBy('row_number')
      .limit(page.limit)
      .select<Rejection[]>('row_number as rowNumber', 'errors', 'raw');
  },
};
