import type { Knex } from 'knex';

/**
 * The first answer kept for an `Idempotency-Key` is kept as the text it was sent (`json`), not as
 * `jsonb`, which reorders an object's keys (shortest first): a repeat was the same data in another
 * order, so a bank system that compares, hashes or signs answers saw a different one. Rows live a
 * day; those stored before keep jsonb's order.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table idempotency_keys alter column response_body type json using response_body::json');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table idempotency_keys alter column response_body type jsonb using response_body::jsonb');
}
