import type { Knex } from 'knex';

/**
 * 定时任务: a run's instance marks it alive every half minute while it runs, so a run whose
 * process was killed reads as interrupted within minutes instead of "running" until the daily purge.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table job_runs add column heartbeat_at timestamptz');
  await knex.raw('update job_runs set heartbeat_at = started_at');
  await knex.raw('alter table job_runs alter column heartbeat_at set not null');
  // The runs still going are few among 90 days of finished ones: the purge finds the silent ones here.
  await knex.raw('create index job_runs_unfinished_heartbeat on job_runs (heartbeat_at) where finished_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table job_runs drop column heartbeat_at');
}
