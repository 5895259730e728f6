import type { Knex } from 'knex';

/**
 * An `Idempotency-Key` claim is marked `applied` in the write's own transaction, with what a
 * repeat's answer needs (`applied_ref`, the application written): a process that dies after the
 * commit and before storing the answer no longer leaves a claim a retry takes over and runs again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table idempotency_keys drop constraint idempotency_keys_status_check');
  await knex.raw(`alter table idempotency_keys add constraint idempotency_keys_status_check check (status in ('in_flight', 'applied', 'done'))`);
  await knex.raw('alter table idempotency_keys add column applied_ref text');
}

export async function down(knex: Knex): Promise<void> {
  // Before this migration a retry would run an applied write again: keep the key held instead, as if in flight for ever.
  await knex.raw(`delete from idempotency_keys where status = 'applied'`);
  await knex.raw('alter table idempotency_keys drop column applied_ref');
  await knex.raw('alter table idempotency_keys drop constraint idempotency_keys_status_check');
  await knex.raw(`alter table idempotency_keys add constraint idempotency_keys_status_check check (status in ('in_flight', 'done'))`);
}
