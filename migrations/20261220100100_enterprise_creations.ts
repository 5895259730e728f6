import type { Knex } from 'knex';

/**
 * Each resource an enterprise's account created (an answer 201), kept for a while by enterprise:
 * past a limit per window the next creating request is answered 429, so one enterprise cannot
 * fill the database with reports, questions, consents or files (decision 0049). Old rows are of
 * no use: the limit reads only the window.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('enterprise_creations', (t) => {
    t.bigIncrements('id');
    t.uuid('enterprise_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['enterprise_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('enterprise_creations');
}
