import type { Knex } from 'knex';

/**
 * The refused reads (`consent_refused_reads`, 查询记录 › 被拒绝的查询) are partitioned by Asia/Shanghai
 * month of `attempted_at`, as the access log they stand beside is (decision 0016), and retired with
 * it (`RETENTION_ACCESS_LOG_MONTHS`): append-only and growing without bound, with a surrogate id
 * as their only unique key. Converted in place as 20261207140100 converted the access log: renamed,
 * a partitioned table created like it with a default partition and a partition for every month
 * that has rows, this month and three ahead, the rows copied with their ids, the id sequence moved
 * over, and the key (now `(id, attempted_at)`), the index and the append-only trigger recreated.
 * Later partitions are the maintenance job's.
 */

const TABLE = 'consent_refused_reads';
const STAGED = `${TABLE}_before_partitions`;
const MONTHS_AHEAD = 3;

/** Run after the rows moved: the old ones went with the old table. */
const recreate = (primaryKey: string) => [
  `alter table ${TABLE} add primary key (${primaryKey})`,
  `create index ${TABLE}_enterprise_id_attempted_at_index on ${TABLE} (enterprise_id, attempted_at)`,
  `create trigger ${TABLE}_guard before update or delete on ${TABLE} for each row execute function ${TABLE}_guard()`,
];

/** Every month (Asia/Shanghai) that has rows, this month and MONTHS_AHEAD after it, as partition name suffix and bounds. */
async function monthsToCreate(knex: Knex): Promise<{ suffix: string; from: string; to: string }[]> {
  return (
    await knex.raw(
      `select to_char(m, 'YYYYMM') as suffix,
              to_char(m, 'YYYY-MM-DD') || ' 00:00:00+08' as "from",
              to_char(m + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+08' as "to"
         from (select distinct date_trunc('month', attempted_at at time zone 'Asia/Shanghai') as m from ${STAGED}
               union
               select generate_series(date_trunc('month', now() at time zone 'Asia/Shanghai'),
                 date_trunc('month', now() at time zone 'Asia/Shanghai') + interval '${MONTHS_AHEAD} months', interval '1 month')) as months
        order by m`,
    )
  ).rows as { suffix: string; from: string; to: string }[];
}

/** Renames the table, builds its successor through `build`, and moves the rows, the id sequence and the table's own objects over. */
async function swap(knex: Knex, build: () => Promise<unknown>, primaryKey: string): Promise<void> {
  await knex.raw(`alter table ${TABLE} rename to ${STAGED}`);
  await build();
  await knex.raw(`insert into ${TABLE} select * from ${STAGED}`);
  await knex.raw(`alter sequence ${TABLE}_id_seq owned by ${TABLE}.id`);
  await knex.raw(`drop table ${STAGED}`);
  for (const statement of recreate(primaryKey)) await knex.raw(statement);
}

export async function up(knex: Knex): Promise<void> {
  await swap(
    knex,
    async () => {
      const months = await monthsToCreate(knex);
      await knex.raw(`create table ${TABLE} (like ${STAGED} including defaults including constraints) partition by range (attempted_at)`);
      await knex.raw(`create table ${TABLE}_default partition of ${TABLE} default`);
      for (const m of months) await knex.raw(`create table ${TABLE}_p${m.suffix} partition of ${TABLE} for values from ('${m.from}') to ('${m.to}')`);
    },
    'id, attempted_at',
  );
}

export async function down(knex: Knex): Promise<void> {
  await swap(knex, () => knex.raw(`create table ${TABLE} (like ${STAGED} including defaults including constraints)`), 'id');
}
