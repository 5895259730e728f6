import type { Knex } from 'knex';

/**
 * Sessions (issue 11): refresh tokens, stored as SM3 digests only, grouped in families (one per
 * login); each use replaces the token, and presenting a used one revokes its whole family.
 * `users.token_epoch` is raised by "log out everywhere": access tokens carry the epoch they were
 * issued under and older ones are refused.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.integer('token_epoch').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('refresh_tokens', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('family_id').notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.index(['family_id']);
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('refresh_tokens');
  await knex.schema.alterTable('users', (t) => t.dropColumn('token_epoch'));
}
