import type { Knex } from 'knex';

/**
 * 定时任务 run on request: a run an operator started (立即运行) names who started it; a run of
 * the schedule names nobody.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table job_runs add column requested_by uuid references users (id) on delete set null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table job_runs drop column requested_by');
}
