import type { Knex } from 'knex';

/**
 * Consent as the enterprise chooses it.
 * - 案卷 (case file): the snapshot a ONETIME read returned, kept for the application so a reload
 *   or a second call returns it instead of spending the grant again. One per application; the
 *   snapshot is personal data, SM4-encrypted at rest like the other encrypted columns.
 * - A financing demand carries the terms the enterprise chose when posting it; the bank that takes
 *   the demand is granted exactly those (null: the defaults, for demands posted before).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table application_case_files (
      id uuid primary key default gen_random_uuid(),
      application_id uuid not null unique references loan_applications(id),
      grant_id uuid not null references consent_grants(id),
      snapshot_enc text not null,
      kept_at timestamptz not null
    )`);
  await knex.raw('alter table financing_demands add column consent_terms jsonb');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table financing_demands drop column consent_terms');
  await knex.raw('drop table application_case_files');
}
