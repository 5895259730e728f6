import type { Knex } from 'knex';

/**
 * 退回修改: the admin returns a draft to its bank with a reason. `returned` joins the product
 * statuses; the last return's reason, time and admin stay on the row (the bank reads them, and
 * they remain after the bank edits the product back to a draft).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table loan_products drop constraint loan_products_status_check');
  await knex.raw(`alter table loan_products add constraint loan_products_status_check
    check (status in ('draft', 'published', 'withdrawn', 'returned'))`);
  await knex.schema.alterTable('loan_products', (t) => {
    t.text('return_reason').nullable();
    t.timestamp('returned_at', { useTz: true }).nullable();
    t.uuid('returned_by').nullable().references('users.id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex('loan_products').where({ status: 'returned' }).update({ status: 'draft' });
  await knex.schema.alterTable('loan_products', (t) => {
    t.dropColumn('return_reason');
    t.dropColumn('returned_at');
    t.dropColumn('returned_by');
  });
  await knex.raw('alter table loan_products drop constraint loan_products_status_check');
  await knex.raw(`alter table loan_products add constraint loan_products_status_check
    check (status in ('draft', 'published', 'withdrawn'))`);
}
