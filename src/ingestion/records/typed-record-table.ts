import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DbOrTrx } from '../../db/database.js';
import { lastAnswer } from '../../platform/last-answer.js';
import { isUniqueViolation } from '../../db/transaction.js';
import { CopyChunk } from './copy-chunk.js';
import type { CreditRecord, RecordRow, RecordStatus } from './credit-record.js';

/**
 * One typed table per category (`<category>_records`, see docs/decisions/0043): the payload's
 * fields as typed columns named in snake_case, the natural key as primary key and only index,
 * the repair status and the batch provenance. A small descriptor per category drives every
 * statement here; callers keep seeing credit records with the schema's payload.
 */

/** How a payload field is stored: its SQL type and how it returns to the payload's JSON value. */
export type FieldType = 'uscc' | 'month' | 'date' | 'text' | 'money' | 'wan' | 'int' | 'bool';

export interface TypedField {
  /** The payload field (camelCase); the column is its snake_case. */
  readonly field: string;
  readonly type: FieldType;
  /** Absent from the payload when the source left it out (a null column). */
  readonly optional?: boolean;
}

export interface TypedCategory {
  readonly category: string;
  /** The payload's fields, every one of them. */
  readonly fields: readonly TypedField[];
  /** The payload fields whose values, joined by `|`, are the record key (as the schema's mapping builds it). */
  readonly key: readonly string[];
  /** SQL over the row alias `t` for the business date, as the schema's mapping derives it. */
  readonly businessDate: string;
  /** The category has a `publicityEnd` field (公示截止期): a record past it is not usable. */
  readonly publicityEnd?: boolean;
  /** The category carries the 双公示 timeliness (decided at the first delivery, kept on re-sends). */
  readonly publishedOnTime?: boolean;
  /**
   * SQL over the row alias `t` for the date a record stops being in effect (公示截止期, validity,
   * removal from a list, a case closed); null while it is in effect. Absent: records are kept
   * (the categories partitioned by month retire whole months instead; docs/decisions/0016).
   */
  readonly ends?: string;
}

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

export const tableOf = (category: string): string => (category === 'tax_payments' ? 'tax_payment_records' : `${category}_records`);
export const columnOf = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const SQL_TYPES: Record<FieldType, string> = {
  uscc: 'char(18)', month: 'char(7)', date: 'date', text: 'text', money: 'numeric(18,2)', wan: 'numeric(22,6)', int: 'integer', bool: 'boolean',
};
/** The column's value as the schema's payload writes it (money with its places, dates `YYYY-MM-DD`). */
const jsonValue = (f: TypedField, column: string): string =>
  f.type === 'money' || f.type === 'wan' ? `${column}::text` : f.type === 'date' ? `to_char(${column}, 'YYYY-MM-DD')` : column;

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** A value in COPY's text format. */
export const copyText = (value: unknown): string => {
  const s = String(value);
  return COPY_SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : s;
};
const copyValue = (value: unknown): string =>
  value === undefined || value === null ? '\\N' : value === true ? 't' : value === false ? 'f' : copyText(value);

async function copyIn(tx: DbOrTrx, statement: string, text: Buffer): Promise<void> {
  if (!(tx as Knex.Transaction).isTransaction) throw new Error('COPY needs the chunk transaction');
  const client = (await (tx as Knex.Transaction).client.acquireConnection()) as pg.PoolClient;
  await pipeline(Readable.from([text]), client.query(copyFrom(statement)));
}

const outcomeOf = (result: { rows: unknown[] }): TypedUpsertOutcome => {
  const row = (result.rows as { inserted: number; updated: number; usccs: string }[])[0]!;
  return { inserted: Number(row.inserted), updated: Number(row.updated), usccs: row.usccs ? row.usccs.split(',') : [] };
};

export interface TypedRecordTable {
  readonly category: string;
  readonly table: string;
  /** Records past their 公示截止期 (`publicity_end`) are not usable. */
  readonly publicityEnd: boolean;
  /** The descriptor's `ends`: when a record stops being in effect (undefined: kept). */
  readonly ends: string | undefined;
  /** The rows as credit records: select list and from clause (row alias `t`). */
  readonly columns: string;
  readonly from: string;
  /**
   * The rows as set-based readers see them (a parenthesised subselect): every typed column, the
   * record's own columns and the derived `record_key, business_date, source_institution_id,
   * source_name, received_at` (see record-relations.ts).
   */
  readonly relation: string;
  /** A chunk of batch `batchId`'s rows for `upsertCopy`, written as COPY text as rows are added. */
  copyChunk(batchId: string): CopyChunk;
  /** COPY (PostgreSQL through `pg`): straight into the table, or through a staging table when keys are already stored. */
  upsertCopy(tx: DbOrTrx, c: TypedUpsertContext, chunk: CopyChunk): Promise<TypedUpsertOutcome>;
  /** One statement with the rows as a jsonb parameter (PGlite). Keys must be unique within `rows`. */
  upsertStatement(tx: DbOrTrx, c: TypedUpsertContext, rows: readonly RecordRow[]): Promise<TypedUpsertOutcome>;
  findByKey(tx: DbOrTrx, recordKey: string): Promise<CreditRecord | undefined>;
  setStatus(tx: DbOrTrx, recordKey: string, status: RecordStatus, at: Date): Promise<void>;
  setDisputed(tx: DbOrTrx, recordKey: string, disputed: boolean): Promise<void>;
}

/** The statements of one category's typed table, built once from its descriptor. */
export function typedRecordTable(d: TypedCategory): TypedRecordTable {
  const table = tableOf(d.category);
  const stage = `${table.replace(/_records$/, '')}_stage`;
  const fieldNames = d.fields.map((f) => f.field);
  const fieldColumns = fieldNames.map(columnOf);
  const keyColumns = d.key.map(columnOf);
  const valueColumns = fieldColumns.filter((c) => !keyColumns.includes(c));
  const loaded = [...fieldColumns, ...(d.publishedOnTime ? ['published_on_time'] : [])];
  const pairs = d.fields.map((f) => `'${f.field}', ${jsonValue(f, `t.${columnOf(f.field)}`)}`).join(', ');
  const payload = d.fields.some((f) => f.optional) ? `jsonb_strip_nulls(jsonb_build_object(${pairs}))` : `jsonb_build_object(${pairs})`;
  const typeOf = (field: string): FieldType => d.fields.find((f) => f.field === field)!.type;
  // Dates as `YYYY-MM-DD` whatever the session's DateStyle, as the schema writes them.
  const keyText = (field: string): string =>
    typeOf(field) === 'date' ? `to_char(t.${columnOf(field)}, 'YYYY-MM-DD')` : `t.${columnOf(field)}::text`;
  const keyExpr = d.key.map(keyText).join(` || '|' || `);

  const columns = `t.id, '${d.category}'::text as category, ${keyExpr} as "recordKey", t.uscc, b.format_version as "formatVersion",
    ${payload} as payload, ${d.businessDate} as "businessDate",
    ${d.publicityEnd ? 't.publicity_end' : 'null::date'} as "publicityEnd", ${d.publishedOnTime ? 't.published_on_time' : 'null::boolean'} as "publishedOnTime",
    t.status, t.status_changed_at as "statusChangedAt", t.disputed, b.institution_id as "sourceInstitutionId", i.name as "sourceName",
    t.batch_id as "batchId", b.received_at as "receivedAt", t.first_batch_id as "firstBatchId", f.received_at as "firstReceivedAt"`;
  const from = `${table} t
    left join ingestion_batches b on b.id = t.batch_id
    left join ingestion_batches f on f.id = t.first_batch_id
    left join institutions i on i.id = b.institution_id`;
  const relation = `(select t.id, t.uscc, t.status, t.status_changed_at, t.disputed, t.batch_id, t.first_batch_id,
      ${d.publicityEnd ? 't.publicity_end' : 'null::date as publicity_end'}, ${d.publishedOnTime ? 't.published_on_time' : 'null::boolean as published_on_time'},
      ${keyExpr} as record_key, ${d.businessDate} as business_date, b.institution_id as source_institution_id, i.name as source_name, b.received_at,
      ${fieldColumns.filter((c) => c !== 'uscc' && c !== 'publicity_end').map((c) => `t.${c}`).join(', ')}
    from ${table} t
      left join ingestion_batches b on b.id = t.batch_id
      left join institutions i on i.id = b.institution_id)`;

  /**
   * One set-based upsert from `source` (rows with the loaded columns). A re-send with the same
   * values changes nothing and is not counted; the repair status and the 双公示 timeliness of
   * the first delivery are never overwritten. The history trigger keeps the replaced values.
   * A row counts as inserted when its first batch is this one (a partitioned table returns no
   * `xmax`): a key repeated in two chunks of one batch counts as inserted twice.
   */
  const merge = (source: string) => `
    with up as (
      insert into ${table} as r (${loaded.join(', ')}, batch_id, first_batch_id)
      select ${loaded.join(', ')}, ?::uuid, ?::uuid from ${source}
      on conflict (${keyColumns.join(', ')}) do update set
        ${[...valueColumns, 'batch_id'].map((c) => `${c} = excluded.${c}`).join(', ')}
      where (${valueColumns.map((c) => `r.${c}`).join(', ')}) is distinct from (${valueColumns.map((c) => `excluded.${c}`).join(', ')})
      returning r.first_batch_id = r.batch_id as inserted, uscc
    )
    select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated,
      coalesce(string_agg(distinct uscc, ','), '') as usccs
    from up`;
  const copyStatement = `copy ${table} (${loaded.join(', ')}, batch_id, first_batch_id) from stdin`;
  // The chunk's lines as they are, batch columns included (the merge takes the batch from its parameters).
  const stageColumns = [
    ...d.fields.map((f) => `${columnOf(f.field)} ${SQL_TYPES[f.type]}`), ...(d.publishedOnTime ? ['published_on_time boolean'] : []), 'batch_id uuid', 'first_batch_id uuid',
  ];
  const recordset = `(select ${[...d.fields.map((f) => `"${f.field}" as ${columnOf(f.field)}`), ...(d.publishedOnTime ? ['"publishedOnTime" as published_on_time'] : [])].join(', ')}
    from jsonb_to_recordset(?::jsonb) as x(${[...d.fields.map((f) => `"${f.field}" ${SQL_TYPES[f.type]}`), ...(d.publishedOnTime ? ['"publishedOnTime" boolean'] : [])].join(', ')})) as input`;

  /**
   * The COPY lines of one chunk: each row's loaded columns, then `suffix` (the batch columns and
   * the line break). Each field remembers its last value's text: rows of a delivery repeat values
   * down a column, and a file's repeats come as the same string (see CsvRecordReader `text`).
   */
  const copyLines = (suffix: string): ((row: RecordRow) => string) => {
    const texts = fieldNames.map(() => lastAnswer(copyValue));
    return (row) => {
      const p = row.payload;
      let line = texts[0]!(p[fieldNames[0]!]);
      for (let i = 1; i < fieldNames.length; i++) line += `\t${texts[i]!(p[fieldNames[i]!])}`;
      if (d.publishedOnTime) line += `\t${copyValue(row.publishedOnTime)}`;
      return line + suffix;
    };
  };

  // Dates and numbers compare as text, so a malformed key finds nothing instead of failing; every
  // key starts with a text column, which the primary key's index narrows on.
  const keyMatch = d.key.map((field) => (typeOf(field) === 'date' || typeOf(field) === 'int' ? `${keyText(field)} = ?` : `t.${columnOf(field)} = ?`)).join(' and ');
  /**
   * The key columns' condition for a record key. A key with more `|` than key fields has a text
   * field holding `|` itself: it is compared whole (without the index; such keys are rare).
   */
  const byKey = (recordKey: string): { sql: string; bindings: string[] } => {
    const parts = recordKey.split('|');
    if (parts.length === keyColumns.length) return { sql: keyMatch, bindings: parts };
    return parts.length > keyColumns.length ? { sql: `${keyExpr} = ?`, bindings: [recordKey] } : { sql: 'false', bindings: [] };
  };

  return {
    category: d.category,
    table,
    publicityEnd: d.publicityEnd ?? false,
    ends: d.ends,
    columns,
    from,
    relation,

    copyChunk(batchId) {
      return new CopyChunk(copyLines(`\t${copyText(batchId)}\t${copyText(batchId)}\n`));
    },

    async upsertCopy(tx, c, chunk) {
      const { text, usccs, rows } = chunk.lines();
      if (rows === 0) return { inserted: 0, updated: 0, usccs: [] };
      // A delivery is mostly new keys: COPY straight into the table, inside a savepoint. The
      // first stored key (a re-send, or a concurrent batch's committed row) raises a unique
      // violation; the chunk is then staged and goes through the set-based upsert instead.
      try {
        await (tx as Knex.Transaction).transaction((savepoint) => copyIn(savepoint, copyStatement, text));
        return { inserted: rows, updated: 0, usccs };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      // Session-local, emptied at every commit; the chunk transactions of one connection reuse it.
      await tx.raw(`create temporary table if not exists ${stage} (${stageColumns.join(', ')}) on commit delete rows`);
      await copyIn(tx, `copy ${stage} from stdin`, text);
      return outcomeOf(await tx.raw(merge(stage), [c.batchId, c.batchId]));
    },

    async upsertStatement(tx, c, rows) {
      if (rows.length === 0) return { inserted: 0, updated: 0, usccs: [] };
      const input = d.publishedOnTime ? rows.map((r) => ({ ...r.payload, publishedOnTime: r.publishedOnTime })) : rows.map((r) => r.payload);
      return outcomeOf(await tx.raw(merge(recordset), [c.batchId, c.batchId, JSON.stringify(input)]));
    },

    async findByKey(tx, recordKey) {
      const where = byKey(recordKey);
      const result = await tx.raw(`select ${columns} from ${from} where ${where.sql}`, where.bindings);
      return (result.rows as CreditRecord[])[0];
    },

    async setStatus(tx, recordKey, status, at) {
      const where = byKey(recordKey);
      await tx.raw(`update ${table} t set status = ?, status_changed_at = ? where ${where.sql}`, [status, at, ...where.bindings]);
    },

    async setDisputed(tx, recordKey, disputed) {
      const where = byKey(recordKey);
      await tx.raw(`update ${table} t set disputed = ? where ${where.sql}`, [disputed, ...where.bindings]);
    },
  };
}
