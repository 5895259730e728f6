import type { Knex } from 'knex';

/**
 * 动产担保登记 (issue 16): 中登网 has no machine API, so the bank's operator records what they
 * registered there (登记证明编号, date, term in months, property description) and the
 * search-before-lend result on the application.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('movable_collateral_registrations', (t) => {
    t.bigIncrements('id');
    t.uuid('application_id').notNullable().references('loan_applications.id');
    t.text('kind').notNullable();
    t.text('registration_no').notNullable();
    t.date('registered_on').notNullable();
    t.integer('term_months').notNullable();
    t.text('description').notNullable();
    t.text('search_result').notNullable().checkIn(['no_prior_registration', 'prior_registration_found']);
    t.text('search_note').nullable();
    t.text('recorded_by').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['application_id', 'registration_no']);
  });
  await knex.raw('alter table movable_collateral_registrations add constraint movable_collateral_term check (term_months between 1 and 360)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('movable_collateral_registrations');
}
