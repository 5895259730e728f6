import type { Knex } from 'knex';

/**
 * A white-list run is a background task of one instance: a run whose process died stayed
 * `running`, and the one-running-run index then refused every later run of that bank. The
 * instance running it now stamps `heartbeat_at`; a run whose stamp (or start, before its first
 * stamp) is old has lost its process and is failed when the bank's next run starts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table precredit_runs add column heartbeat_at timestamptz');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table precredit_runs drop column heartbeat_at');
}
