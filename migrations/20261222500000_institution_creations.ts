import type { Knex } from 'knex';

/**
 * Each resource a lending institution's people or machine clients created (an answer 201), kept
 * for a while by institution: past a limit per window the next creating request is answered 429,
 * so a stolen officer's login or API key cannot fill the database with products, models,
 * material requests or answers (decision 0057). Old rows are of no use: the limit reads only the
 * window.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('institution_creations', (t) => {
    t.bigIncrements('id');
    t.uuid('institution_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['institution_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('institution_creations');
}
