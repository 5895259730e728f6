import type { Knex } from 'knex';

/**
 * An enterprise has at most one open loan application per product: a second request for the same
 * need (a double click, a retry under a new key, another client) is refused instead of reaching
 * the bank as a second application. The partial unique index makes the rule hold under
 * concurrency; its status list is `OPEN_STATUSES` (application-status.ts) as of this migration, so
 * a change of that list needs a migration of this index too.
 *
 * Applications created before the rule may already break it. They are left as they are (they may
 * be in a bank's hands, and only the state machine moves an application): in each such group the
 * most advanced one, then the oldest, stays under the index, the others are marked
 * `duplicate_before_rule` and no longer block or count.
 */
const OPEN = ['DRAFT', 'GUARANTEE_REVIEW', 'SUBMITTED', 'ACCEPTED', 'UNDER_REVIEW', 'ACTION_REQUIRED', 'APPROVED'];
const open = OPEN.map((s) => `'${s}'`).join(', ');

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table loan_applications add column duplicate_before_rule boolean not null default false');
  await knex.raw(`
    update loan_applications a set duplicate_before_rule = true
    from (
      select id, row_number() over (
        partition by enterprise_id, product_id
        order by array_position(array[${open}]::text[], status) desc, created_at, id
      ) as rank
      from loan_applications
      where product_id is not null and status in (${open})
    ) ranked
    where a.id = ranked.id and ranked.rank > 1`);
  await knex.raw(`create unique index loan_applications_one_open_per_product on loan_applications (enterprise_id, product_id)
    where status in (${open}) and not duplicate_before_rule`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index loan_applications_one_open_per_product');
  await knex.raw('alter table loan_applications drop column duplicate_before_rule');
}
