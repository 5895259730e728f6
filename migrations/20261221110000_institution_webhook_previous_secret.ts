import type { Knex } from 'knex';

/**
 * An institution's webhook secret is rotated without a gap: the secret a new one replaces keeps
 * signing events beside it (a second `v1,` entry) until `webhook_previous_secret_until`, so the
 * institution's receiver verifies with either while it switches.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('institutions', (t) => {
    t.text('webhook_previous_secret_enc').nullable();
    t.timestamp('webhook_previous_secret_until', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('institutions', (t) => {
    t.dropColumn('webhook_previous_secret_until');
    t.dropColumn('webhook_previous_secret_enc');
  });
}
