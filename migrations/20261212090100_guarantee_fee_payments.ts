import type { Knex } from 'knex';

/**
 * 保费 payments one row each, named by the payment's 凭证号 (unique per guarantee), as loan
 * ledger entries and 追偿 recoveries are: a fee payment sent twice (a double click, a retry after
 * a lost answer) is then counted once. `guarantees.fee_paid` stays the running total; payments
 * recorded before this table have no row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('guarantee_fee_payments', (t) => {
    t.bigIncrements('id');
    t.uuid('guarantee_id').notNullable().references('guarantees.id');
    t.text('reference').notNullable();
    t.decimal('amount', 18, 2).notNullable();
    t.text('recorded_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['guarantee_id', 'reference']);
  });
  await knex.raw('alter table guarantee_fee_payments add constraint guarantee_fee_payments_amount check (amount > 0)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('guarantee_fee_payments');
}
