import type { Knex } from 'knex';

/**
 * 信用承诺: the commitments a department took (告知承诺 for 证明事项 and 涉企经营许可, commitments
 * made when applying for loans or subsidies) and its check of each: fulfilled (履约) or breached
 * (违诺). A breach also enters the credit record as a `commitment_breaches` record delivered
 * through ingestion (`breach_batch_id` is that delivery). The oversight view counts the
 * enterprises with fulfilment information for the 履约践诺 figure.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table credit_commitments (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      uscc char(18) not null,
      kind text not null check (kind in ('certification', 'business_permit', 'loan', 'subsidy')),
      commitment_text text not null,
      committed_on date not null,
      institution_id uuid not null references institutions(id),
      status text not null default 'pending' check (status in ('pending', 'fulfilled', 'breached')),
      finding text,
      checked_on date,
      checked_at timestamptz,
      checked_by uuid,
      breach_batch_id uuid,
      breach_record_key text,
      created_at timestamptz not null default now()
    )`);
  await knex.raw('create index credit_commitments_uscc on credit_commitments (uscc, committed_on desc)');
  await knex.raw('create index credit_commitments_institution on credit_commitments (institution_id, committed_on desc)');
  await knex.raw(`
    create materialized view oversight_commitment_fulfilment as
      select 1 as one,
        (count(distinct uscc))::int as committed,
        (count(distinct uscc) filter (where status <> 'pending'))::int as with_fulfilment
      from credit_commitments`);
  await knex.raw('create unique index oversight_commitment_fulfilment_key on oversight_commitment_fulfilment (one)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop materialized view if exists oversight_commitment_fulfilment');
  await knex.raw('drop table if exists credit_commitments');
}
