import type { Knex } from 'knex';
import { hasLz4 } from './20261208110100_profile_version_used_records.js';

/**
 * A profile section is stored as `json`, the text the SQL assembler builds, instead of `jsonb`.
 * Parsing each built section into jsonb was about a quarter of a rebuild's PostgreSQL CPU, and
 * nothing queries inside a stored section: readers take it whole (the consent gate sends it on as
 * text, which jsonb had to print again on every read). Existing rows are converted once; the
 * column keeps lz4 compression where the server has it (a type change resets it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table credit_profile_sections alter column section type json using section::json');
  if (await hasLz4(knex)) await knex.raw('alter table credit_profile_sections alter column section set compression lz4');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table credit_profile_sections alter column section type jsonb using section::jsonb');
  if (await hasLz4(knex)) await knex.raw('alter table credit_profile_sections alter column section set compression lz4');
}
