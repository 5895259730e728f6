import type { Knex } from 'knex';

/**
 * 担保函: the PDF of each granted guarantee's letter, stored as issued with its SM3 digest, so a
 * later font or library upgrade cannot change a letter already handed out.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('guarantee_letters', (t) => {
    t.uuid('guarantee_id').primary().references('guarantees.id');
    t.text('letter_no').notNullable().unique();
    t.binary('pdf').notNullable();
    t.text('sm3').notNullable();
    t.integer('size_bytes').notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('guarantee_letters');
}
