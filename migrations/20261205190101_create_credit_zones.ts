import type { Knex } from 'knex';

/**
 * 专区: 乡村振兴专区 and 科技贷专区, curated by the financial office: an introduction, the
 * policies shown on the zone's page (title, summary, source document, effective date) and the
 * featured products. The products themselves are the published loan products a bank tagged with
 * the zone; the office only chooses which of them lead the page.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table credit_zones (
      code text primary key check (code in ('rural_revitalization', 'tech_loan')),
      intro text not null,
      featured_product_ids jsonb not null default '[]',
      policies jsonb not null default '[]',
      updated_at timestamptz,
      updated_by uuid
    )`);
  await knex('credit_zones').insert([
    { code: 'rural_revitalization', intro: '面向涉农经营主体（农林牧渔业企业、农民专业合作社）的信贷产品与扶持政策。' },
    { code: 'tech_loan', intro: '面向科技型中小企业、高新技术企业和专精特新企业的信贷产品与扶持政策。' },
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists credit_zones');
}
