import type { Knex } from 'knex';

/**
 * An enterprise has at most one open financing demand (融资需求, waiting for a bank to take it): a
 * demand states the enterprise's need to every bank at once, so a second one beside it (a double
 * click, a retry, the same need typed again) would be taken by a second bank as a second
 * application. The partial unique index makes the rule hold under concurrency.
 *
 * Open demands posted before the rule are left open (banks may be looking at them): the oldest of
 * each enterprise stays under the index, the others are marked `duplicate_before_rule` and no
 * longer block or count.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table financing_demands add column duplicate_before_rule boolean not null default false');
  await knex.raw(`
    update financing_demands d set duplicate_before_rule = true
    from (
      select id, row_number() over (partition by enterprise_id order by created_at, id) as rank
      from financing_demands
      where status = 'open'
    ) ranked
    where d.id = ranked.id and ranked.rank > 1`);
  await knex.raw(`create unique index financing_demands_one_open_per_enterprise on financing_demands (enterprise_id)
    where status = 'open' and not duplicate_before_rule`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index financing_demands_one_open_per_enterprise');
  await knex.raw('alter table financing_demands drop column duplicate_before_rule');
}
