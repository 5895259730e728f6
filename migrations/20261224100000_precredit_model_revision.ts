import type { Knex } from 'knex';

/**
 * A pre-credit model draft counts its edits (`revision`, 1 when drafted), so 复核启用 names the
 * revision the checker reviewed and a draft edited and submitted again since is not activated
 * under that approval (decision 0063).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table precredit_models add column revision integer not null default 1');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table precredit_models drop column revision');
}
