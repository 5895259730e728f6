import type { Knex } from 'knex';

/**
 * 开始使用: the steps of the workbench's first-things card an institution has done. A step once
 * recorded is not read again from the institution's data, so a set-up institution's workbench
 * makes no request for the card.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('institution_setup_steps', (t) => {
    t.uuid('institution_id').notNullable().references('institutions.id').onDelete('CASCADE');
    t.text('step').notNullable();
    t.timestamp('done_at', { useTz: true }).notNullable();
    t.primary(['institution_id', 'step']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('institution_setup_steps');
}
