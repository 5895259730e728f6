import type { Knex } from 'knex';

/**
 * A profile whose own inputs make its assembly fail (a data exception on one enterprise's
 * records) is set aside with the time and the error, instead of failing the set of enterprises
 * rebuilt with it on every drain. The drains skip it until it is marked again after the failure
 * (new or repaired data), so a fix is retried at once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('credit_profiles', (t) => {
    t.timestamp('rebuild_failed_at', { useTz: true });
    t.text('rebuild_error');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('credit_profiles', (t) => {
    t.dropColumn('rebuild_failed_at');
    t.dropColumn('rebuild_error');
  });
}
