import type { Knex } from 'knex';

/**
 * Profiles awaiting rebuild by the time they were marked (`updated_at` of a stale head is the
 * mark's): a batch's report counts the profiles marked before it finished that the drain has not
 * rebuilt yet. Only stale heads are in the index, so it stays as small as the drain's backlog.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index credit_profiles_stale_marked on credit_profiles (updated_at) where stale');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index credit_profiles_stale_marked');
}
