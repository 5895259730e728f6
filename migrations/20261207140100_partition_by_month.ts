import type { Knex } from 'knex';

/**
 * Monthly range partitions (declarative, by Asia/Shanghai month) for the append-only tables that
 * grow without bound and whose only unique key is a surrogate id: the access log (授权查询记录)
 * and the loan-application events. Each table is converted in place: the rows move into a
 * partitioned table of the same name, with a partition per month that has rows, this month and
 * three ahead, and a default partition so an insert never fails when maintenance is late
 * (docs/decisions/0016). The primary key gains the partition key; indexes, foreign keys,
 * triggers and the materialised views that read the table are recreated. Partitions after these
 * are created and retired by the platform's own job (`src/platform/partitions/`).
 *
 * `consent_access_log_anchors` keeps, for every access-log partition retention drops, what the
 * SM3 chain needs to stay verifiable over the rows that remain: the dropped count, its chain
 * range and the hashes of the dropped links a kept link points back to.
 */

interface Conversion {
  table: string;
  key: string;
  primaryKey: string[];
  /** Run after the rows moved: indexes, foreign keys, triggers (the old ones went with the old table). */
  recreate: string[];
}

const CONVERSIONS: Conversion[] = [
  {
    table: 'consent_access_log',
    key: 'accessed_at',
    primaryKey: ['id', 'accessed_at'],
    recreate: [
      'create index consent_access_log_enterprise_id_accessed_at_index on consent_access_log (enterprise_id, accessed_at)',
      // No longer unique (a unique index must hold the partition key): the chain check refuses a
      // repeated chain_seq instead, and only the sealer, under its lock, assigns them.
      'create index consent_access_log_chain on consent_access_log (chain_seq) where chain_seq is not null',
      'create index consent_access_log_unsealed on consent_access_log (id) where chain_seq is null',
      `create trigger consent_access_log_guard before update or delete on consent_access_log
         for each row execute function consent_access_log_guard()`,
    ],
  },
  {
    table: 'loan_application_events',
    key: 'occurred_at',
    primaryKey: ['id', 'occurred_at'],
    recreate: [
      'create index loan_application_events_application_id_id_index on loan_application_events (application_id, id)',
      `alter table loan_application_events add constraint loan_application_events_application_id_foreign
         foreign key (application_id) references loan_applications (id)`,
      `create trigger loan_application_events_no_change before update or delete on loan_application_events
         for each row execute function loan_application_events_immutable()`,
    ],
  },
];

const MONTHS_AHEAD = 3;

/** Materialised views reading `table`, with their indexes, so they can be dropped and rebuilt around the swap. */
async function dependentViews(knex: Knex, table: string): Promise<{ name: string; definition: string; indexes: string[] }[]> {
  const views = (
    await knex.raw(
      `select distinct v.relname as name, pg_get_viewdef(v.oid) as definition
         from pg_depend d
         join pg_rewrite r on r.oid = d.objid
         join pg_class v on v.oid = r.ev_class and v.relkind = 'm'
        where d.refobjid = cast(? as regclass) and d.classid = cast('pg_rewrite' as regclass)`,
      [table],
    )
  ).rows as { name: string; definition: string }[];
  const result = [];
  for (const view of views) {
    const indexes = (await knex('pg_indexes').where({ schemaname: 'public', tablename: view.name }).pluck('indexdef')) as string[];
    result.push({ ...view, indexes });
  }
  return result;
}

/** Months (Asia/Shanghai) from the oldest row's to this month + MONTHS_AHEAD, as partition name suffix and bounds. */
async function monthsToCreate(knex: Knex, table: string, key: string): Promise<{ suffix: string; from: string; to: string }[]> {
  return (
    await knex.raw(
      `select to_char(m, 'YYYYMM') as suffix,
              to_char(m, 'YYYY-MM-DD') || ' 00:00:00+08' as "from",
              to_char(m + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+08' as "to"
         from generate_series(
                date_trunc('month', (select coalesce(min(${key}), now()) from ${table}) at time zone 'Asia/Shanghai'),
                date_trunc('month', now() at time zone 'Asia/Shanghai') + interval '${MONTHS_AHEAD} months',
                interval '1 month') as m`,
    )
  ).rows as { suffix: string; from: string; to: string }[];
}

/** Sequences owned by the table's columns (bigIncrements), which must follow the rows to the new table. */
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

async function swap(knex: Knex, table: string, build: (staged: string) => Promise<void>, recreate: string[]): Promise<void> {
  const views = await dependentViews(knex, table);
  for (const view of views) await knex.raw(`drop materialized view ${view.name}`);
  const sequences = await ownedSequences(knex, table);
  const staged = `${table}_before_partitions`;
  await knex.raw(`alter table ${table} rename to ${staged}`);
  await build(staged);
  await knex.raw(`insert into ${table} select * from ${staged}`);
  for (const { seq, col } of sequences) await knex.raw(`alter sequence ${seq} owned by ${table}.${col}`);
  await knex.raw(`drop table ${staged}`);
  for (const statement of recreate) await knex.raw(statement);
  for (const view of views) {
    await knex.raw(`create materialized view ${view.name} as ${view.definition}`);
    for (const index of view.indexes) await knex.raw(index);
  }
}

export async function up(knex: Knex): Promise<void> {
  for (const c of CONVERSIONS) {
    const months = await monthsToCreate(knex, c.table, c.key);
    await swap(
      knex,
      c.table,
      async (staged) => {
        await knex.raw(`create table ${c.table} (like ${staged} including defaults including constraints) partition by range (${c.key})`);
        await knex.raw(`create table ${c.table}_default partition of ${c.table} default`);
        for (const m of months) {
          await knex.raw(`create table ${c.table}_p${m.suffix} partition of ${c.table} for values from ('${m.from}') to ('${m.to}')`);
        }
      },
      [`alter table ${c.table} add primary key (${c.primaryKey.join(', ')})`, ...c.recreate],
    );
  }
  await knex.schema.createTable('consent_access_log_anchors', (t) => {
    t.text('partition_name').primary();
    t.timestamp('range_from', { useTz: true }).notNullable();
    t.timestamp('range_to', { useTz: true }).notNullable();
    t.bigInteger('row_count').notNullable();
    t.bigInteger('first_seq').nullable();
    t.bigInteger('last_seq').nullable();
    // [{ seq, hash }] of the dropped links whose successor was not dropped with them.
    t.jsonb('edges').notNullable();
    t.timestamp('anchored_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('consent_access_log_anchors');
  for (const c of CONVERSIONS) {
    await swap(
      knex,
      c.table,
      async (staged) => {
        await knex.raw(`create table ${c.table} (like ${staged} including defaults including constraints)`);
      },
      [
        `alter table ${c.table} add primary key (${c.primaryKey[0]})`,
        ...c.recreate.map((s) => s.replace('create index consent_access_log_chain on', 'create unique index consent_access_log_chain on')),
      ],
    );
  }
}
