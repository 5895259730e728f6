import type { Knex } from 'knex';

/**
 * 待处理预警: an application past twice its SLA (working time) is raised to the financial office
 * once per application and stage; the unique key makes a repeat by any scheduler run or
 * instance a no-op. The office acknowledges each alert; an acknowledged alert stays for audit.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table oversight_alerts (
      id uuid primary key default gen_random_uuid(),
      application_id uuid not null references loan_applications(id),
      bank_id uuid not null references institutions(id),
      overdue_for text not null check (overdue_for in ('acceptance', 'decision')),
      submitted_at timestamptz not null,
      waited_work_hours numeric(10, 1) not null,
      raised_at timestamptz not null,
      acknowledged_at timestamptz,
      acknowledged_by text,
      unique (application_id, overdue_for)
    )`);
  await knex.raw('create index oversight_alerts_pending on oversight_alerts (raised_at) where acknowledged_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table oversight_alerts');
}
