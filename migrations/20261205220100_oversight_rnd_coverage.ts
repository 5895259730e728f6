import type { Knex } from 'knex';

const ACTIVE_COUNTS = `select 'tax_payments' as category, count(*)::bigint as records from tax_payment_records where status = 'active'
      union all
      select 'utilities:' || (payload->>'utilityType'), count(*)::bigint from credit_records
        where category = 'utilities' and status = 'active' group by payload->>'utilityType'
      union all
      select category, count(*)::bigint from credit_records where status = 'active' and category <> 'utilities' group by category`;

/**
 * 科技研发信息归集率 (issue 18): enterprises that hold a 科技企业认定 in any active 科技研发
 * record (`rnd:designated`) and those of them with a record for the latest reported year
 * (`rnd:reported`), as two more rows of the record counts. The view stays a pure select over
 * credit_records, refreshed whole like the others.
 */
const WITH_RND = `with rnd as (
        select uscc, (payload->>'year')::int as year, payload->>'designation' <> 'none' as designated
        from credit_records where category = 'rnd' and status = 'active'),
      firms as (select uscc, bool_or(designated) as designated, max(year) as latest from rnd group by uscc)
      ${ACTIVE_COUNTS}
      union all
      select 'rnd:designated', count(*)::bigint from firms where designated
      union all
      select 'rnd:reported', count(*)::bigint from firms where designated and latest = (select max(year) from rnd)`;

async function recreate(knex: Knex, sql: string): Promise<void> {
  await knex.raw('drop materialized view oversight_record_counts');
  await knex.raw(`create materialized view oversight_record_counts as ${sql}`);
  await knex.raw('create unique index oversight_record_counts_key on oversight_record_counts (category)');
}

export async function up(knex: Knex): Promise<void> {
  await recreate(knex, WITH_RND);
}

export async function down(knex: Knex): Promise<void> {
  await recreate(knex, ACTIVE_COUNTS);
}
