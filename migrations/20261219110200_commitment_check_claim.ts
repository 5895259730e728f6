import type { Knex } from 'knex';

/**
 * A breach check delivers its record through ingestion (its own transactions) before the check is
 * stored. The claim marks the commitment as being checked meanwhile, so a concurrent check cannot
 * settle it as fulfilled while its breach record is being written. A claim left by a crash lapses.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('credit_commitments', (t) => {
    t.uuid('check_claim').nullable();
    t.timestamp('check_claimed_until', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('credit_commitments', (t) => {
    t.dropColumn('check_claimed_until');
    t.dropColumn('check_claim');
  });
}
