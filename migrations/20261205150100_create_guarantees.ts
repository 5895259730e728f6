import type { Knex } from 'knex';
import { SOURCED_TEMPLATES } from './data/sourced-guarantee-templates.js';

/**
 * Guarantees (担保): risk-sharing templates (seeded with the sourced ones), guarantee products
 * tied one-to-one to a bank's loan product, each guarantee company's batch capacity, the
 * guarantees themselves (one per application) and the ingested tech-firm lists
 * (科技型中小企业 / 高新技术企业 / 专精特新) the products' eligibility reads.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('guarantee_risk_templates', (t) => {
    t.text('code').primary();
    t.text('name').notNullable();
    t.jsonb('parties').notNullable();
    t.jsonb('recovery_share_bp').nullable();
    t.text('basis').notNullable().checkIn(['loan_amount', 'guaranteed_amount']);
    t.text('source').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex('guarantee_risk_templates').insert(
    SOURCED_TEMPLATES.map((s) => ({
      code: s.code,
      name: s.name,
      parties: JSON.stringify(s.parties),
      recovery_share_bp: s.recoveryShareBp ? JSON.stringify(s.recoveryShareBp) : null,
      basis: s.basis,
      source: s.source,
    })),
  );

  await knex.schema.createTable('guarantee_products', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('company_id').notNullable().references('institutions.id');
    t.uuid('loan_product_id').notNullable().unique().references('loan_products.id');
    t.text('name').notNullable();
    t.text('route').notNullable().checkIn(['guarantee_first', 'loan_first']);
    t.text('template_code').notNullable().references('guarantee_risk_templates.code');
    t.integer('guaranteed_share_bp').notNullable();
    t.decimal('fee_rate', 7, 4).notNullable();
    t.decimal('fee_subsidy_rate', 7, 4).notNullable().defaultTo(0);
    t.decimal('single_firm_cap', 18, 2).notNullable();
    t.integer('max_term_months').notNullable();
    t.jsonb('eligible_lists').notNullable().defaultTo('[]');
    t.text('tech_tier').nullable().checkIn(['specialised', 'high_tech', 'tech_sme']);
    t.jsonb('counter_guarantees').notNullable().defaultTo('[]');
    t.decimal('counter_guarantee_free_up_to', 18, 2).nullable();
    t.decimal('auto_grant_max_amount', 18, 2).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['company_id']);
  });
  await knex.raw(`alter table guarantee_products add constraint guarantee_products_ranges check (
    guaranteed_share_bp > 0 and guaranteed_share_bp <= 10000 and fee_rate >= 0 and fee_subsidy_rate >= 0
    and fee_subsidy_rate <= fee_rate and single_firm_cap > 0 and max_term_months >= 1)`);

  await knex.schema.createTable('guarantee_capacity', (t) => {
    t.uuid('company_id').primary().references('institutions.id');
    t.decimal('batch_limit', 18, 2).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('guarantees', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('application_id').notNullable().unique().references('loan_applications.id');
    t.uuid('product_id').notNullable().references('guarantee_products.id');
    t.uuid('company_id').notNullable().references('institutions.id');
    t.uuid('enterprise_id').notNullable().references('enterprises.id');
    t.decimal('loan_amount', 18, 2).notNullable();
    t.decimal('guaranteed_amount', 18, 2).notNullable();
    t.text('status').notNullable().checkIn(['pending', 'granted', 'declined', 'released', 'compensated']);
    t.text('decided_by').nullable();
    t.text('reason').nullable();
    t.decimal('fee_due', 18, 2).notNullable().defaultTo(0);
    t.decimal('fee_paid', 18, 2).notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('decided_at', { useTz: true }).nullable();
    t.index(['company_id', 'status']);
    t.index(['enterprise_id', 'status']);
  });

  await knex.schema.createTable('guarantee_tech_listings', (t) => {
    t.specificType('uscc', 'char(18)').notNullable();
    t.text('list').notNullable().checkIn(['tech_sme', 'high_tech', 'specialised']);
    t.date('listed_on').notNullable();
    t.date('expires_on').nullable();
    t.text('source').notNullable();
    t.primary(['uscc', 'list']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['guarantee_tech_listings', 'guarantees', 'guarantee_capacity', 'guarantee_products', 'guarantee_risk_templates']) {
    await knex.schema.dropTable(table);
  }
}
