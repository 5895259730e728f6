import type { Knex } from 'knex';

/**
 * 企业公共信用报告: every issued report, with the exact PDF bytes and their SM3 digest, so a
 * counter-party can check a printed copy by its verification code or an electronic copy by its
 * digest. Issued to the enterprise itself or, through the consent gate, to an institution (then
 * with the access-log row of that read).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table credit_reports (
      id uuid primary key default gen_random_uuid(),
      verification_code text not null unique,
      enterprise_id uuid not null references enterprises(id),
      uscc char(18) not null,
      enterprise_name text not null,
      profile_version integer not null,
      scopes jsonb not null,
      issued_to text not null check (issued_to in ('enterprise', 'institution')),
      institution_id uuid references institutions(id),
      access_log_id bigint,
      left_out_count integer not null,
      issued_at timestamptz not null,
      sm3 char(64) not null,
      size_bytes integer not null,
      pdf bytea not null,
      check ((issued_to = 'institution') = (institution_id is not null))
    )`);
  await knex.raw('create index credit_reports_enterprise on credit_reports (enterprise_id, issued_at desc)');
  await knex.raw('create index credit_reports_sm3 on credit_reports (sm3)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table credit_reports');
}
