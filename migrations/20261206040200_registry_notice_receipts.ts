import type { Knex } from 'knex';

/**
 * Notices the 不动产登记中心 posted over HTTP, by the id it signed: a repeat of an id with the same
 * body is answered as before, the same id with another body is refused.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('real_estate_registry_receipts', (t) => {
    t.text('notice_id').primary();
    t.text('body_sm3').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('real_estate_registry_receipts');
}
