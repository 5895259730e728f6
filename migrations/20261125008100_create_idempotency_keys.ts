import type { Knex } from 'knex';

/**
 * Idempotency keys (IETF draft `Idempotency-Key`, Stripe, UK Open Banking): per caller and
 * operation, the fingerprint of the first request and, once it completed, its response, so a
 * retried POST is answered from here instead of acting twice. Rows are kept for 24 hours.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table idempotency_keys (
      caller_id uuid not null,
      operation text not null,
      key text not null,
      fingerprint char(64) not null,
      status text not null check (status in ('in_flight', 'done')),
      response_status integer,
      response_body jsonb,
      created_at timestamptz not null,
      completed_at timestamptz,
      primary key (caller_id, operation, key)
    )`);
  await knex.raw('create index idempotency_keys_created_at on idempotency_keys (created_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table idempotency_keys');
}
