import type { Knex } from 'knex';

/**
 * 不动产抵押登记 on applications: the bank's application to the registry (one per loan
 * application), its progress through 受理 → 核定 → 登簿 with the 不动产登记证明号, and every
 * notice received (including 查封), which both the bank and the SME see on the application.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('real_estate_mortgages', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('application_id').notNullable().unique().references('loan_applications.id');
    t.uuid('bank_id').notNullable().references('institutions.id');
    t.text('mortgage_way').notNullable().checkIn(['general', 'maximum', 'surplus']);
    t.decimal('credit_amount', 18, 2).notNullable();
    t.decimal('evaluation_value', 18, 2).notNullable();
    t.decimal('highest_claim_amount', 18, 2).nullable();
    t.integer('term_months').notNullable();
    t.text('unit_no').notNullable();
    t.text('location').notNullable();
    t.text('status').notNullable().checkIn(['applied', 'refused', 'accept', 'verify', 'result']);
    t.text('accept_id').nullable();
    t.text('refusal').nullable();
    t.text('warrant_no').nullable();
    t.timestamp('sealed_at', { useTz: true }).nullable();
    t.text('applied_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['unit_no']);
    t.index(['bank_id', 'sealed_at']);
  });
  await knex.raw(`alter table real_estate_mortgages add constraint real_estate_mortgages_max_claim
    check (mortgage_way <> 'maximum' or highest_claim_amount is not null)`);
  await knex.schema.createTable('real_estate_mortgage_notices', (t) => {
    t.bigIncrements('id');
    t.uuid('mortgage_id').notNullable().references('real_estate_mortgages.id');
    t.text('kind').notNullable().checkIn(['accept', 'verify', 'result', 'sealed']);
    t.text('warrant_no').nullable();
    t.text('via').notNullable().checkIn(['notice', 'progress_query']);
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.unique(['mortgage_id', 'kind']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('real_estate_mortgage_notices');
  await knex.schema.dropTable('real_estate_mortgages');
}
