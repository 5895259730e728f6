import type { Knex } from 'knex';

/**
 * 待处理预警 for the bank too: past its limit an overdue application is raised to the bank's
 * institution admins (audience `bank`), past twice the limit to the financial office (audience
 * `office`), each once per application and stage. Existing alerts were the office's.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table oversight_alerts add column audience text not null default 'office' check (audience in ('office', 'bank'))`);
  await knex.raw('alter table oversight_alerts drop constraint oversight_alerts_application_id_overdue_for_key');
  await knex.raw('alter table oversight_alerts add constraint oversight_alerts_once unique (application_id, overdue_for, audience)');
  await knex.raw('drop index oversight_alerts_pending');
  await knex.raw('create index oversight_alerts_pending on oversight_alerts (audience, bank_id, raised_at) where acknowledged_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`delete from oversight_alerts where audience = 'bank'`);
  await knex.raw('drop index oversight_alerts_pending');
  await knex.raw('create index oversight_alerts_pending on oversight_alerts (raised_at) where acknowledged_at is null');
  await knex.raw('alter table oversight_alerts drop constraint oversight_alerts_once');
  await knex.raw('alter table oversight_alerts add constraint oversight_alerts_application_id_overdue_for_key unique (application_id, overdue_for)');
  await knex.raw('alter table oversight_alerts drop column audience');
}
