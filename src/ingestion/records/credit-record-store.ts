import type { DbOrTrx } from '../../db/database.js';
import type { CreditRecord, RecordEvent, RecordRow, RecordStatus, SupersededValues } from './credit-record.js';
import { CopyChunk } from './copy-chunk.js';
import { RowsChunk, type RecordChunk } from './record-chunk.js';
import { TYPED_TABLES, typedTableOf } from './typed-categories.js';
import type { BulkLoad } from './typed-record-table.js';

export interface UpsertContext {
  category: string;
  formatVersion: number;
  batchId: string;
  institutionId: string;
  receivedAt: Date;
}

export interface UpsertOutcome {
  inserted: number;
  updated: number;
  /** USCCs whose records were inserted or changed (their profiles must be rebuilt); may repeat. */
  usccs: string[];
}

export interface EnterpriseRecordFilter {
  category: string | undefined;
  institutionId: string | null;
  limit: number;
}

export interface CreditRecordStore {
  /** An empty chunk for rows of `category` from batch `batchId`, to be written by `upsertChunk`. */
  chunk(category: string, batchId: string): RecordChunk;
  /**
   * Multi-row upsert on (category, record_key) of a chunk this store made; a row identical to the
   * stored one is left alone, and of rows with the same key the last one added is stored.
   */
  upsertChunk(tx: DbOrTrx, context: UpsertContext, chunk: RecordChunk): Promise<UpsertOutcome>;
  /** `upsertChunk` of a chunk holding `rows`. */
  upsert(tx: DbOrTrx, context: UpsertContext, rows: readonly RecordRow[]): Promise<UpsertOutcome>;
  findByKey(tx: DbOrTrx, category: string, recordKey: string): Promise<CreditRecord | undefined>;
  /** Records profiles may use on `asOf`: active and not past their 公示截止期. */
  usable(tx: DbOrTrx, usccs: readonly string[], asOf: string): Promise<CreditRecord[]>;
  /**
   * The enterprise's current records, newest receipt first, at most `limit`: of one category when
   * given, of one source institution when given (null: every source).
   */
  ofEnterprise(tx: DbOrTrx, uscc: string, filter: EnterpriseRecordFilter): Promise<CreditRecord[]>;
  /** The enterprise's repaired or withdrawn records (left out of profiles and reports), oldest change first. */
  leftOut(tx: DbOrTrx, uscc: string): Promise<CreditRecord[]>;
  /**
   * USCCs with records whose last insert or change came from one of `batchIds` (every record table).
   * Reads every record: `batch_id` is not indexed, and this runs only to recover batches a
   * stopped process left unfinished.
   */
  usccsOfBatches(tx: DbOrTrx, batchIds: readonly string[]): Promise<string[]>;
  setStatus(tx: DbOrTrx, record: Pick<CreditRecord, 'category' | 'recordKey'>, status: RecordStatus, at: Date): Promise<void>;
  setDisputed(tx: DbOrTrx, record: Pick<CreditRecord, 'category' | 'recordKey'>, disputed: boolean): Promise<void>;
  /** False when the record already has an event of this kind (a repeated notice). */
  insertEvent(tx: DbOrTrx, recordId: number, event: RecordEvent): Promise<boolean>;
  events(tx: DbOrTrx, recordId: number): Promise<RecordEvent[]>;
  /** Earlier values of the record, oldest first. */
  history(tx: DbOrTrx, recordId: number): Promise<SupersededValues[]>;
}

const COLUMNS = `r.id, r.category, r.record_key as "recordKey", r.uscc, r.format_version as "formatVersion", r.payload,
  r.business_date as "businessDate", r.publicity_end as "publicityEnd", r.published_on_time as "publishedOnTime",
  r.status, r.status_changed_at as "statusChangedAt", r.disputed, r.source_institution_id as "sourceInstitutionId", i.name as "sourceName",
  r.batch_id as "batchId", r.received_at as "receivedAt", r.first_batch_id as "firstBatchId", r.first_received_at as "firstReceivedAt"`;
const FROM = 'credit_records r left join institutions i on i.id = r.source_institution_id';

/**
 * Records of every category: the categories of TYPED_CATEGORIES in their typed tables (loaded by
 * COPY when `bulkLoad` is 'copy'), the rest in `credit_records`; record ids are unique across all.
 */
export const createCreditRecordStore = (bulkLoad: BulkLoad): CreditRecordStore => ({
  chunk(category, batchId) {
    const typed = typedTableOf(category);
    return typed && bulkLoad === 'copy' ? typed.copyChunk(batchId) : new RowsChunk();
  },

  async upsert(tx, c, rows) {
    const chunk = this.chunk(c.category, c.batchId);
    for (const row of rows) chunk.add(row);
    return this.upsertChunk(tx, c, chunk);
  },

  async upsertChunk(tx, c, chunk) {
    const typed = typedTableOf(c.category);
    if (chunk instanceof CopyChunk) return typed!.upsertCopy(tx, c, chunk);
    const rows = (chunk as RowsChunk).rows();
    if (typed) return typed.upsertStatement(tx, c, rows);
    if (rows.length === 0) return { inserted: 0, updated: 0, usccs: [] };
    // One statement per chunk: the rows travel as one jsonb parameter (works on PGlite and pg alike).
    // The repair status is never overwritten by a re-send: a repaired record stays repaired.
    const result = await tx.raw(
      `with input as (
         select * from jsonb_to_recordset(?::jsonb) as x(
           "recordKey" text, uscc text, payload jsonb, "businessDate" date, "publicityEnd" date, "publishedOnTime" boolean)
       ), up as (
         insert into credit_records as r (category, record_key, uscc, format_version, payload, business_date, publicity_end,
           published_on_time, source_institution_id, batch_id, received_at, first_batch_id, first_received_at)
         select ?, "recordKey", uscc, ?, payload, "businessDate", "publicityEnd", "publishedOnTime", ?, ?, ?, ?, ?
         from input
         on conflict (category, record_key) do update set
           uscc = excluded.uscc, format_version = excluded.format_version, payload = excluded.payload,
           business_date = excluded.business_date, publicity_end = excluded.publicity_end,
           source_institution_id = excluded.source_institution_id, batch_id = excluded.batch_id, received_at = excluded.received_at
         where r.payload is distinct from excluded.payload
         returning (xmax = 0) as inserted, uscc
       )
       select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated,
              coalesce(array_agg(distinct uscc), '{}') as usccs
       from up`,
      [JSON.stringify(rows), c.category, c.formatVersion, c.institutionId, c.batchId, c.receivedAt, c.batchId, c.receivedAt],
    );
    const row = (result.rows as { inserted: number; updated: number; usccs: string[] }[])[0]!;
    return { inserted: Number(row.inserted), updated: Number(row.updated), usccs: row.usccs };
  },

  async findByKey(tx, category, recordKey) {
    const typed = typedTableOf(category);
    if (typed) return typed.findByKey(tx, recordKey);
    const result = await tx.raw(`select ${COLUMNS} from ${FROM} where r.category = ? and r.record_key = ?`, [category, recordKey]);
    return (result.rows as CreditRecord[])[0];
  },

  async usable(tx, usccs, asOf) {
    const list = JSON.stringify(usccs);
    const typed = TYPED_TABLES.map((t) => `select ${t.columns} from ${t.from}
       where t.uscc in (select u::char(18) from jsonb_array_elements_text(?::jsonb) as u) and t.status = 'active'${t.publicityEnd ? ' and (t.publicity_end is null or t.publicity_end >= ?)' : ''}`);
    const result = await tx.raw(
      `select ${COLUMNS} from ${FROM}
       where r.uscc in (select u::char(18) from jsonb_array_elements_text(?::jsonb) as u) and r.status = 'active' and (r.publicity_end is null or r.publicity_end >= ?)
       union all
       ${typed.join('\n       union all\n       ')}
       order by uscc, category, "businessDate" nulls first, id`,
      [list, asOf, ...TYPED_TABLES.flatMap((t) => (t.publicityEnd ? [list, asOf] : [list]))],
    );
    return result.rows as CreditRecord[];
  },

  async ofEnterprise(tx, uscc, f) {
    const selects: string[] = [];
    const bindings: (string | number)[] = [];
    const source = (column: string) => (f.institutionId === null ? '' : ` and ${column} = ?`);
    const sourceBinding = f.institutionId === null ? [] : [f.institutionId];
    if (f.category === undefined || !typedTableOf(f.category)) {
      selects.push(`select ${COLUMNS} from ${FROM} where r.uscc = ?${f.category === undefined ? '' : ' and r.category = ?'}${source('r.source_institution_id')}`);
      bindings.push(uscc, ...(f.category === undefined ? [] : [f.category]), ...sourceBinding);
    }
    for (const t of TYPED_TABLES.filter((t) => f.category === undefined || t.category === f.category)) {
      selects.push(`select ${t.columns} from ${t.from} where t.uscc = ?${source('b.institution_id')}`);
      bindings.push(uscc, ...sourceBinding);
    }
    const result = await tx.raw(`${selects.join('\n       union all\n       ')}\n       order by "receivedAt" desc, id desc limit ?`, [...bindings, f.limit]);
    return result.rows as CreditRecord[];
  },

  async leftOut(tx, uscc) {
    const result = await tx.raw(
      `select ${COLUMNS} from ${FROM} where r.uscc = ? and r.status <> 'active'
       ${TYPED_TABLES.map((t) => `union all select ${t.columns} from ${t.from} where t.uscc = ? and t.status <> 'active'`).join('\n       ')}
       order by "statusChangedAt", id`,
      [uscc, ...TYPED_TABLES.map(() => uscc)],
    );
    return result.rows as CreditRecord[];
  },

  async usccsOfBatches(tx, batchIds) {
    const list = JSON.stringify(batchIds);
    const result = await tx.raw(
      ['credit_records', ...TYPED_TABLES.map((t) => t.table)]
        .map((table) => `select uscc from ${table} where batch_id in (select b::uuid from jsonb_array_elements_text(?::jsonb) as b)`)
        .join('\n       union\n       '),
      [list, ...TYPED_TABLES.map(() => list)],
    );
    return (result.rows as { uscc: string }[]).map((r) => r.uscc);
  },

  async setStatus(tx, record, status, at) {
    const typed = typedTableOf(record.category);
    if (typed) return typed.setStatus(tx, record.recordKey, status, at);
    await tx('credit_records').where({ category: record.category, record_key: record.recordKey }).update({ status, status_changed_at: at });
  },

  async setDisputed(tx, record, disputed) {
    const typed = typedTableOf(record.category);
    if (typed) return typed.setDisputed(tx, record.recordKey, disputed);
    await tx('credit_records').where({ category: record.category, record_key: record.recordKey }).update({ disputed });
  },

  async insertEvent(tx, recordId, e) {
    const rows = await tx('credit_record_events')
      .insert({ record_id: recordId, kind: e.kind, notice_no: e.noticeNo, reason: e.reason, institution_id: e.institutionId, user_id: e.userId, received_at: e.receivedAt })
      .onConflict(['record_id', 'kind'])
      .ignore()
      .returning('id');
    return rows.length > 0;
  },

  async events(tx, recordId) {
    return tx('credit_record_events')
      .where({ record_id: recordId })
      .orderBy('id')
      .select<RecordEvent[]>('kind', 'notice_no as noticeNo', 'reason', 'institution_id as institutionId', 'user_id as userId', 'received_at as receivedAt');
  },

  async history(tx, recordId) {
    return tx('credit_record_history')
      .where({ record_id: recordId })
      .orderBy('id')
      .select<SupersededValues[]>(
        'format_version as formatVersion', 'payload', 'source_institution_id as sourceInstitutionId', 'batch_id as batchId',
        'received_at as receivedAt', 'superseded_at as supersededAt',
      );
  },
});
