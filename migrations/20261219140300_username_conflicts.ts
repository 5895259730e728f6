import type { Knex } from 'knex';

/**
 * Usernames are one namespace across every institution and enterprise, so "already taken" tells
 * the one who invites whether someone elsewhere has that login. Each such answer is kept here for
 * a while, by the account that asked, and past a limit per window the answer is 429 instead
 * (decision 0045). Old rows are of no use: the limit reads only the window.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('username_conflicts', (t) => {
    t.bigIncrements('id');
    t.uuid('asked_by').notNullable();
    t.timestamp('answered_at', { useTz: true }).notNullable();
    t.index(['asked_by', 'answered_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('username_conflicts');
}
