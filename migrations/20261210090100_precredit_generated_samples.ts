import type { Knex } from 'knex';

/**
 * A generated training sample is kept as what generates it (seed and size) instead of its rows:
 * the demo city gave each demo bank 3,000 rows of about 600 bytes of JSON, written on every fresh
 * start (most of a test platform's start on PostgreSQL and PGlite), though `syntheticSample`
 * gives the same rows for the same seed and size in a few milliseconds when a bank trains. Rows
 * written before stay in `precredit_outcome_samples` and are read as before.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table precredit_generated_samples (
      bank_id uuid primary key references institutions(id),
      seed integer not null,
      size integer not null check (size > 0),
      created_at timestamptz not null
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table precredit_generated_samples');
}
