import type { Knex } from 'knex';

/**
 * 异议 (objections): an enterprise disputes one of its credit records; the department that
 * delivered it answers by a working-day deadline (corrected / withdrawn / upheld, with reasons);
 * an overdue objection is escalated to the financial office once. While open, the record carries
 * the 异议中 mark (`disputed`), which profiles show and banks see; every stored profile is marked
 * stale so the next read rebuilds it with the mark's field.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table credit_records add column disputed boolean not null default false');
  await knex.raw('alter table tax_payment_records add column disputed boolean not null default false');
  await knex.raw(`
    create table credit_objections (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      enterprise_id uuid not null references enterprises(id),
      uscc char(18) not null,
      category text not null,
      record_key text not null,
      source_institution_id uuid not null references institutions(id),
      reasons text not null,
      status text not null default 'open' check (status in ('open', 'corrected', 'withdrawn', 'upheld')),
      filed_at timestamptz not null,
      due_on date not null,
      escalated_at timestamptz,
      answer_reason text,
      correction_batch_id uuid,
      answered_at timestamptz,
      answered_by uuid
    )`);
  // One running objection per record.
  await knex.raw(`create unique index credit_objections_one_open on credit_objections (category, record_key) where status = 'open'`);
  await knex.raw('create index credit_objections_enterprise on credit_objections (enterprise_id, filed_at desc)');
  await knex.raw(`create index credit_objections_source on credit_objections (source_institution_id, filed_at desc)`);
  await knex.raw(`
    create table credit_objection_attachments (
      id bigint generated always as identity primary key,
      objection_id uuid not null references credit_objections(id),
      file_name text not null,
      media_type text not null,
      size_bytes integer not null,
      sm3 char(64) not null,
      content bytea not null,
      uploaded_at timestamptz not null
    )`);
  await knex.raw('create index credit_objection_attachments_objection on credit_objection_attachments (objection_id)');
  await knex.raw('update credit_profiles set stale = true');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table credit_objection_attachments');
  await knex.raw('drop table credit_objections');
  await knex.raw('alter table tax_payment_records drop column disputed');
  await knex.raw('alter table credit_records drop column disputed');
}
