import type { Knex } from 'knex';

/**
 * Monthly partitions for the ingested records that grow every month with the number of
 * enterprises (docs/decisions/0016, "The ingested records"): the typed tables of 纳税缴款, 社保,
 * 公积金, 水电气 and 进出口 are range-partitioned by `period` ('YYYY-MM', the month the record
 * describes). `period` is in each natural key (the primary key), so the key, the COPY path and
 * `on conflict` stay as they are and a re-send always meets its stored row in the same
 * partition. The bounds are the `char(7)` months themselves (`collate "C"`, so 'YYYY-MM' orders
 * as the calendar does). `credit_record_history` (replaced values, appended by the tables'
 * triggers) is partitioned by `superseded_at` (Asia/Shanghai month), its key becoming
 * `(id, superseded_at)`.
 *
 * Each table is converted in place as 20261207140100 does: renamed, a partitioned table created
 * like it with a default partition and a partition for every month that has rows, this month and
 * three ahead, the rows copied, and its keys, indexes and triggers (read from the catalogue before
 * the swap) and every view over it recreated (`all_credit_records` and the oversight
 * materialised views over that). Later partitions are the platform's maintenance job's.
 */

interface Conversion {
  table: string;
  key: string;
  /** SQL over the alias `m` (a month's first day, a timestamp): the partition's lower and upper bound literals. */
  bounds: (m: string) => { from: string; to: string };
  /** The first day of every month that has rows (column `m`, a timestamp), from the table `t`. */
  rowMonths: string;
  /** The primary key when partitioned; null keeps the table's own (it already holds the partition key). */
  primaryKey: string[] | null;
}

const PERIOD_TABLES = ['tax_payment_records', 'social_security_records', 'provident_fund_records', 'utilities_records', 'import_export_records'];
const period = (table: string): Conversion => ({
  table,
  key: 'period',
  bounds: (m) => ({ from: `to_char(${m}, 'YYYY-MM')`, to: `to_char(${m} + interval '1 month', 'YYYY-MM')` }),
  // A month far outside the calendar (the schema accepts any 'YYYY-MM') stays in the default partition.
  rowMonths: `select distinct cast(to_date(period, 'YYYY-MM') as timestamp) as m from t where period between '1900-01' and '9999-11'`,
  primaryKey: null,
});
const CONVERSIONS: Conversion[] = [
  ...PERIOD_TABLES.map(period),
  {
    table: 'credit_record_history',
    key: 'superseded_at',
    bounds: (m) => ({ from: `to_char(${m}, 'YYYY-MM-DD') || ' 00:00:00+08'`, to: `to_char(${m} + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+08'` }),
    rowMonths: `select distinct date_trunc('month', superseded_at at time zone 'Asia/Shanghai') as m from t`,
    primaryKey: ['id', 'superseded_at'],
  },
];

const MONTHS_AHEAD = 3;

interface View { name: string; kind: 'v' | 'm'; definition: string; indexes: string[] }

/** Views and materialised views reading any of `tables`, directly or through another view, in creation order. */
async function dependentViews(knex: Knex, tables: string[]): Promise<View[]> {
  const views = (
    await knex.raw(
      `with recursive deps (oid, depth) as (
         select r.ev_class, 1 from pg_depend d join pg_rewrite r on r.oid = d.objid
          where d.classid = cast('pg_rewrite' as regclass) and r.ev_class <> d.refobjid
            and d.refobjid in (select cast(t as regclass) from unnest(cast(? as text[])) as t)
         union all
         select r.ev_class, deps.depth + 1 from deps
           join pg_depend d on d.refobjid = deps.oid and d.classid = cast('pg_rewrite' as regclass)
           join pg_rewrite r on r.oid = d.objid and r.ev_class <> deps.oid)
       select c.relname as name, c.relkind as kind, pg_get_viewdef(c.oid) as definition, max(deps.depth) as depth
         from deps join pg_class c on c.oid = deps.oid
        group by c.oid, c.relname, c.relkind
        order by max(deps.depth), c.relname`,
      [tables],
    )
  ).rows as { name: string; kind: 'v' | 'm'; definition: string }[];
  const result: View[] = [];
  for (const view of views) {
    const indexes = (await knex('pg_indexes').where({ schemaname: 'public', tablename: view.name }).pluck('indexdef')) as string[];
    result.push({ name: view.name, kind: view.kind, definition: view.definition, indexes });
  }
  return result;
}

/** The table's keys, indexes and triggers as statements, read before it is swapped (the old ones go with the old table). */
async function ownObjects(knex: Knex, table: string, keepPrimaryKey: boolean): Promise<string[]> {
  const constraints = (
    await knex.raw(
      `select conname as name, contype as type, pg_get_constraintdef(oid) as definition from pg_constraint
        where conrelid = cast(? as regclass) and contype in ('p', 'u', 'f') order by contype desc, conname`,
      [table],
    )
  ).rows as { name: string; type: string; definition: string }[];
  const indexes = (
    await knex.raw(
      `select pg_get_indexdef(i.indexrelid) as definition from pg_index i
        where i.indrelid = cast(? as regclass) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
        order by i.indexrelid`,
      [table],
    )
  ).rows as { definition: string }[];
  const triggers = (
    await knex.raw(`select pg_get_triggerdef(oid) as definition from pg_trigger where tgrelid = cast(? as regclass) and not tgisinternal order by tgname`, [table])
  ).rows as { definition: string }[];
  return [
    ...constraints
      .filter((c) => keepPrimaryKey || c.type !== 'p')
      .map((c) => `alter table ${table} add constraint ${c.name} ${c.definition}`),
    ...indexes.map((i) => i.definition.replace(/ ON (ONLY )?(public\.)?/, ' ON ')),
    ...triggers.map((t) => t.definition),
  ];
}

/** Every month that has rows in `table`, this month and MONTHS_AHEAD after it (Asia/Shanghai), as partition name suffix and bounds. */
async function monthsToCreate(knex: Knex, c: Conversion, table: string): Promise<{ suffix: string; from: string; to: string }[]> {
  const { from, to } = c.bounds('m');
  return (
    await knex.raw(
      `with t as (select * from ${table})
       select to_char(m, 'YYYYMM') as suffix, ${from} as "from", ${to} as "to"
         from (${c.rowMonths}
               union
               select generate_series(date_trunc('month', now() at time zone 'Asia/Shanghai'),
                 date_trunc('month', now() at time zone 'Asia/Shanghai') + interval '${MONTHS_AHEAD} months', interval '1 month')) as months
        order by m`,
    )
  ).rows as { suffix: string; from: string; to: string }[];
}

/** Sequences owned by the table's columns (the history's id), which must follow the rows to the new table. */
async function ownedSequences(knex: Knex, table: string): Promise<{ seq: string; col: string }[]> {
  return (
    await knex.raw(
      `select s.relname as seq, a.attname as col
         from pg_depend d
         join pg_class s on s.oid = d.objid and s.relkind = 'S'
         join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
        where d.refobjid = cast(? as regclass) and d.deptype = 'a'`,
      [table],
    )
  ).rows as { seq: string; col: string }[];
}

/** Rebuilds every table through `build` (given the renamed old table), keeping rows, sequences, keys, indexes, triggers and views. */
async function convert(knex: Knex, build: (c: Conversion, staged: string) => Promise<string[]>): Promise<void> {
  const views = await dependentViews(knex, CONVERSIONS.map((c) => c.table));
  for (const view of [...views].reverse()) await knex.raw(`drop ${view.kind === 'm' ? 'materialized view' : 'view'} ${view.name}`);
  for (const c of CONVERSIONS) {
    const sequences = await ownedSequences(knex, c.table);
    const staged = `${c.table}_before_partitions`;
    await knex.raw(`alter table ${c.table} rename to ${staged}`);
    const own = await build(c, staged);
    await knex.raw(`insert into ${c.table} select * from ${staged}`);
    for (const { seq, col } of sequences) await knex.raw(`alter sequence ${seq} owned by ${c.table}.${col}`);
    await knex.raw(`drop table ${staged}`);
    for (const statement of own) await knex.raw(statement.replaceAll(staged, c.table));
  }
  for (const view of views) {
    await knex.raw(`create ${view.kind === 'm' ? 'materialized view' : 'view'} ${view.name} as ${view.definition}`);
    for (const index of view.indexes) await knex.raw(index);
  }
}

export async function up(knex: Knex): Promise<void> {
  await convert(knex, async (c, staged) => {
    const own = await ownObjects(knex, staged, c.primaryKey === null);
    const months = await monthsToCreate(knex, c, staged);
    await knex.raw(`create table ${c.table} (like ${staged} including defaults including constraints) partition by range (${c.key})`);
    await knex.raw(`create table ${c.table}_default partition of ${c.table} default`);
    for (const m of months) await knex.raw(`create table ${c.table}_p${m.suffix} partition of ${c.table} for values from ('${m.from}') to ('${m.to}')`);
    return c.primaryKey ? [`alter table ${c.table} add primary key (${c.primaryKey.join(', ')})`, ...own] : own;
  });
}

export async function down(knex: Knex): Promise<void> {
  await convert(knex, async (c, staged) => {
    const own = await ownObjects(knex, staged, c.primaryKey === null);
    await knex.raw(`create table ${c.table} (like ${staged} including defaults including constraints)`);
    return c.primaryKey ? [`alter table ${c.table} add primary key (${c.primaryKey[0]})`, ...own] : own;
  });
}
