import type { Knex } from 'knex';

/**
 * 代偿 and 追偿 (issue 16): one compensation per defaulted guarantee with each party's share of the
 * loss as the template split it (in 元, summing exactly to the loss), and the recoveries, each
 * with its own split by the template's recovery split; a recovery's reference is unique per
 * compensation, so a repeat is not counted twice.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('guarantee_compensations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('guarantee_id').notNullable().unique().references('guarantees.id');
    t.text('template_code').notNullable().references('guarantee_risk_templates.code');
    t.decimal('loss_amount', 18, 2).notNullable();
    t.decimal('compensated_amount', 18, 2).notNullable();
    t.date('paid_on').notNullable();
    t.jsonb('shares').notNullable();
    t.text('recorded_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('guarantee_recoveries', (t) => {
    t.bigIncrements('id');
    t.uuid('compensation_id').notNullable().references('guarantee_compensations.id');
    t.text('reference').notNullable();
    t.decimal('amount', 18, 2).notNullable();
    t.date('received_on').notNullable();
    t.jsonb('shares').notNullable();
    t.text('recorded_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['compensation_id', 'reference']);
  });
  await knex.raw('alter table guarantee_compensations add constraint guarantee_compensations_amounts check (loss_amount > 0 and compensated_amount >= 0 and compensated_amount <= loss_amount)');
  await knex.raw('alter table guarantee_recoveries add constraint guarantee_recoveries_amount check (amount > 0)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('guarantee_recoveries');
  await knex.schema.dropTable('guarantee_compensations');
}
