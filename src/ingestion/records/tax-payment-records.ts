import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DbOrTrx } from '../../db/database.js';
import { isUniqueViolation } from '../../db/transaction.js';
import type { CreditRecord, RecordRow, RecordStatus } from './credit-record.js';

/**
 * SQL for `tax_payment_records`, the typed table of the `tax_payments` category (see the
 * migration and docs/decisions/0005-credit-records-and-profiles.md). The credit-record store routes
 * the category here; callers keep seeing credit records with the schema's payload.
 */
export const TAX_PAYMENTS = 'tax_payments';

/**
 * How a chunk reaches the table: COPY (PostgreSQL through `pg`: straight into the table, or
 * through a staging table when keys are already stored), or one statement with the rows as a
 * jsonb parameter (PGlite).
 */
export type BulkLoad = 'copy' | 'statement';

/** The batch being loaded: a row of `ingestion_batches`, which holds its source, format version and receipt time. */
export interface TypedUpsertContext {
  batchId: string;
}

export interface TypedUpsertOutcome {
  inserted: number;
  updated: number;
  /** May repeat. */
  usccs: string[];
}

/**
 * The typed row as a credit record: record key, payload and business date as the category
 * schema defines them; source, format version and receipt times from the row's batches.
 */
export const TAX_PAYMENT_COLUMNS = `t.id, '${TAX_PAYMENTS}'::text as category, t.uscc || '|' || t.period || '|' || t.tax_type as "recordKey",
  t.uscc, b.format_version as "formatVersion",
  jsonb_build_object('uscc', t.uscc, 'period', t.period, 'taxType', t.tax_type,
    'amountPaid', t.amount_paid::text, 'arrearsAmount', t.arrears_amount::text) as payload,
  (t.period || '-01')::date as "businessDate", null::date as "publicityEnd", null::boolean as "publishedOnTime",
  t.status, t.status_changed_at as "statusChangedAt", t.disputed, b.institution_id as "sourceInstitutionId", i.name as "sourceName",
  t.batch_id as "batchId", b.received_at as "receivedAt", t.first_batch_id as "firstBatchId", f.received_at as "firstReceivedAt"`;
export const TAX_PAYMENT_FROM = `tax_payment_records t
  left join ingestion_batches b on b.id = t.batch_id
  left join ingestion_batches f on f.id = t.first_batch_id
  left join institutions i on i.id = b.institution_id`;

/**
 * One set-based upsert from `source` (rows with the typed columns). A re-send with the same
 * amounts changes nothing and is not counted; the repair status is never overwritten, so a
 * repaired record stays repaired. The history trigger keeps the replaced amounts.
 */
const merge = (source: string) => `
  with up as (
    insert into tax_payment_records as r (uscc, period, tax_type, amount_paid, arrears_amount, batch_id, first_batch_id)
    select uscc, period, tax_type, amount_paid, arrears_amount, ?::uuid, ?::uuid from ${source}
    on conflict (uscc, period, tax_type) do update set
      amount_paid = excluded.amount_paid, arrears_amount = excluded.arrears_amount, batch_id = excluded.batch_id
    where (r.amount_paid, r.arrears_amount) is distinct from (excluded.amount_paid, excluded.arrears_amount)
    returning (xmax = 0) as inserted, uscc
  )
  select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated,
    coalesce(string_agg(distinct uscc, ','), '') as usccs
  from up`;

const COPY_COLUMNS = 'uscc, period, tax_type, amount_paid, arrears_amount, batch_id, first_batch_id';

const STAGE_COLUMNS = 'uscc text, period text, tax_type text, amount_paid numeric(18,2), arrears_amount numeric(18,2)';

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** A value in COPY's text format. */
export const copyText = (value: unknown): string => {
  const s = String(value);
  return COPY_SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : s;
};

/** The rows as COPY text, one line per row: the five typed columns, then `suffix` (the batch columns, or nothing). */
export function copyLines(rows: readonly RecordRow[], suffix = ''): string {
  let text = '';
  for (const { payload: p } of rows) {
    text += `${copyText(p.uscc)}\t${copyText(p.period)}\t${copyText(p.taxType)}\t${copyText(p.amountPaid)}\t${copyText(p.arrearsAmount)}${suffix}\n`;
  }
  return text;
}

/** The batch columns of COPY_COLUMNS (a first load: this batch is also the first one). */
const batchSuffix = (c: TypedUpsertContext): string => `\t${copyText(c.batchId)}\t${copyText(c.batchId)}`;

async function copyIn(tx: DbOrTrx, statement: string, text: string): Promise<void> {
  if (!(tx as Knex.Transaction).isTransaction) throw new Error('COPY needs the chunk transaction');
  const client = (await (tx as Knex.Transaction).client.acquireConnection()) as pg.PoolClient;
  await pipeline(Readable.from([text]), client.query(copyFrom(statement)));
}

async function stageByCopy(tx: DbOrTrx, rows: readonly RecordRow[]): Promise<void> {
  // Session-local, emptied at every commit; the chunk transactions of one connection reuse it.
  await tx.raw(`create temporary table if not exists tax_payment_stage (${STAGE_COLUMNS}) on commit delete rows`);
  await copyIn(tx, 'copy tax_payment_stage (uscc, period, tax_type, amount_paid, arrears_amount) from stdin', copyLines(rows));
}

export const taxPaymentRecords = {
  /** Keys must be unique within `rows`. */
  async upsert(tx: DbOrTrx, bulkLoad: BulkLoad, c: TypedUpsertContext, rows: readonly RecordRow[]): Promise<TypedUpsertOutcome> {
    if (rows.length === 0) return { inserted: 0, updated: 0, usccs: [] };
    const batchIds = [c.batchId, c.batchId];
    let result;
    if (bulkLoad === 'copy') {
      // A monthly delivery is mostly new keys: COPY straight into the table, inside a savepoint.
      // The first stored key (a re-send, or a concurrent batch's committed row) raises a unique
      // violation; the chunk is then staged and goes through the set-based upsert instead.
      try {
        await (tx as Knex.Transaction).transaction((savepoint) =>
          copyIn(savepoint, `copy tax_payment_records (${COPY_COLUMNS}) from stdin`, copyLines(rows, batchSuffix(c))),
        );
        return { inserted: rows.length, updated: 0, usccs: rows.map((r) => r.uscc) };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      await stageByCopy(tx, rows);
      result = await tx.raw(merge('tax_payment_stage'), batchIds);
    } else {
      const payloads = rows.map((r) => r.payload);
      result = await tx.raw(
        merge(`(select uscc, period, "taxType" as tax_type, "amountPaid" as amount_paid, "arrearsAmount" as arrears_amount
          from jsonb_to_recordset(?::jsonb) as x(uscc text, period text, "taxType" text, "amountPaid" numeric(18,2), "arrearsAmount" numeric(18,2))) as input`),
        [...batchIds, JSON.stringify(payloads)],
      );
    }
    const row = (result.rows as { inserted: number; updated: number; usccs: string }[])[0]!;
    return { inserted: Number(row.inserted), updated: Number(row.updated), usccs: row.usccs ? row.usccs.split(',') : [] };
  },

  async findByKey(tx: DbOrTrx, recordKey: string): Promise<CreditRecord | undefined> {
    const parts = recordKey.split('|');
    if (parts.length !== 3) return undefined;
    const result = await tx.raw(`select ${TAX_PAYMENT_COLUMNS} from ${TAX_PAYMENT_FROM} where t.uscc = ? and t.period = ? and t.tax_type = ?`, parts);
    return (result.rows as CreditRecord[])[0];
  },

  async setDisputed(tx: DbOrTrx, recordKey: string, disputed: boolean): Promise<void> {
    const [uscc, period, taxType] = recordKey.split('|');
    await tx('tax_payment_records').where({ uscc, period, tax_type: taxType }).update({ disputed });
  },

  async setStatus(tx: DbOrTrx, recordKey: string, status: RecordStatus, at: Date): Promise<void> {
    const [uscc, period, taxType] = recordKey.split('|');
    await tx('tax_payment_records').where({ uscc, period, tax_type: taxType }).update({ status, status_changed_at: at });
  },
};
