import type { Knex } from 'knex';

/**
 * 上架 publishes what the admin reviewed: each edit of a draft by its bank raises the product's
 * `revision`, and the admin's publish names the revision it saw. Existing products start at 1.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('loan_products', (t) => {
    t.integer('revision').notNullable().defaultTo(1);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('loan_products', (t) => {
    t.dropColumn('revision');
  });
}
