import type { Knex } from 'knex';

/**
 * Staff accounts are found by institution (the notifications' "institution staff" and "admins"
 * audiences, an officer's bank check, the assignment workload) and by role (the financial
 * office's audience); neither column had an index, so at city scale every such lookup read all
 * of `users`, ~100,000 enterprise accounts included, and each consent grant (which notifies the
 * bank's staff) and each bank work-queue page paid a sequential scan. Both indexes skip the
 * enterprise accounts, which these lookups never ask for.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index users_staff_by_institution on users (institution_id, created_at) where institution_id is not null');
  await knex.raw(`create index users_staff_by_role on users (role, created_at) where role <> 'enterprise'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index users_staff_by_role');
  await knex.raw('drop index users_staff_by_institution');
}
