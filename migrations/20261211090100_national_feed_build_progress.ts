import type { Knex } from 'knex';

/**
 * A month's build for a city of a million enterprises takes one to three minutes; the office's page
 * showed only 生成中 meanwhile. The build now reports its rows and finished record types here, from
 * outside its own transaction. A table of its own, not a column of the submission: the build's
 * REPEATABLE READ transaction updates the submission row at its end and would fail to serialise
 * with a progress write to the same row after its snapshot.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table national_feed_build_progress (
      submission_id uuid primary key references national_feed_submissions(id),
      progress jsonb not null,
      updated_at timestamptz not null
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table national_feed_build_progress');
}
