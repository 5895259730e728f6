import type { Knex } from 'knex';

/**
 * 自愿填报 (国办发〔2021〕52号): information an enterprise reports itself (main products,
 * certifications, major contracts, financial statements), each with its signed commitment to
 * the item's truth (the text, who signed, when, and an SM3 digest binding text and item). An
 * item is withdrawn, never deleted, so what a bank was shown stays explainable.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table self_reported_items (
      id uuid primary key default gen_random_uuid(),
      enterprise_id uuid not null references enterprises(id),
      uscc char(18) not null,
      kind text not null check (kind in ('main_products', 'certifications', 'major_contracts', 'financial_statements')),
      title text not null,
      content text not null,
      commitment_text text not null,
      committed_by uuid not null,
      committed_at timestamptz not null,
      commitment_sm3 char(64) not null,
      withdrawn_at timestamptz
    )`);
  await knex.raw('create index self_reported_items_uscc on self_reported_items (uscc) where withdrawn_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table self_reported_items');
}
