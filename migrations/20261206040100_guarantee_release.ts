import type { Knex } from 'knex';

/**
 * 解保: a guarantee is released when its loan is fully repaid or closed, and the instant is kept
 * so that the monthly report can tell what was 在保 at the end of any past month. Guarantees
 * whose loans were already closed are released at the closing event's instant.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('guarantees', (t) => {
    t.timestamp('released_at', { useTz: true }).nullable();
  });
  await knex.raw(`update guarantees g set status = 'released', released_at = e.occurred_at
    from (select application_id, min(occurred_at) as occurred_at from loan_application_events where to_status = 'CLOSED' group by application_id) e
    where e.application_id = g.application_id and g.status = 'granted'`);
  await knex.raw(`alter table guarantees add constraint guarantees_released_at check ((status = 'released') = (released_at is not null))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`update guarantees set status = 'granted' where status = 'released'`);
  await knex.schema.alterTable('guarantees', (t) => {
    t.dropChecks(['guarantees_released_at']);
    t.dropColumn('released_at');
  });
}
