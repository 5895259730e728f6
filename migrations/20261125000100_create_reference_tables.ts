import type { Knex } from 'knex';

/**
 * Reference data every feature leans on: districts of the city (the denominators of the
 * financial office's ratios are counted per district), the market-entity register that
 * registration is verified against, and institutions (banks, guarantee companies, the
 * financial office, data-source departments), each with its own USCC.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('districts', (t) => {
    t.specificType('code', 'char(6)').primary();
    t.text('name').notNullable();
  });

  await knex.schema.createTable('market_entities', (t) => {
    t.specificType('uscc', 'char(18)').primary();
    t.text('name').notNullable();
    t.text('entity_type').notNullable().checkIn(['enterprise', 'individual_business', 'farmer_cooperative']);
    t.text('legal_representative').notNullable();
    t.specificType('district_code', 'char(6)').notNullable().references('districts.code');
    t.text('status').notNullable().checkIn(['existing', 'operating', 'revoked', 'cancelled', 'moved_out']);
    t.date('established_on').notNullable();
    t.decimal('registered_capital', 18, 2).notNullable();
    t.text('industry').nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['district_code', 'entity_type', 'status']);
  });

  await knex.schema.createTable('institutions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('code').notNullable().unique();
    t.text('name').notNullable();
    t.text('type').notNullable().checkIn(['bank', 'guarantee_company', 'financial_office', 'data_source']);
    t.specificType('uscc', 'char(18)').notNullable().unique();
    t.boolean('connected').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('institutions');
  await knex.schema.dropTable('market_entities');
  await knex.schema.dropTable('districts');
}
