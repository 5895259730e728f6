import type { Knex } from 'knex';

/**
 * An enterprise reports an item (自愿填报) once: an identical current item (same kind, title and
 * content) sent again, by a double click or a retry, would show a bank one 重大合同 as two. The
 * partial unique index makes the rule hold under concurrency (the content by its digest, so a
 * long text does not make a long index entry).
 *
 * Identical current items reported before the rule stay as they are (each carries its own signed
 * commitment, and only the enterprise withdraws an item): the oldest stays under the index, the
 * others are marked `duplicate_before_rule` and no longer block or count.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table self_reported_items add column duplicate_before_rule boolean not null default false');
  await knex.raw(`
    update self_reported_items i set duplicate_before_rule = true
    from (
      select id, row_number() over (partition by enterprise_id, kind, title, md5(content) order by committed_at, id) as rank
      from self_reported_items
      where withdrawn_at is null
    ) ranked
    where i.id = ranked.id and ranked.rank > 1`);
  await knex.raw(`create unique index self_reported_items_once on self_reported_items (enterprise_id, kind, title, md5(content))
    where withdrawn_at is null and not duplicate_before_rule`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index self_reported_items_once');
  await knex.raw('alter table self_reported_items drop column duplicate_before_rule');
}
