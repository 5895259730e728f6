import type { Knex } from 'knex';

/**
 * Active grants by (grantee, purpose, enterprise USCC): the set-based consent gate pages through
 * an institution's active grants for one purpose in USCC order (the pre-credit white-list run,
 * a chunk at a time) without sorting all of them per chunk.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `create index consent_grants_active_by_grantee on consent_grants (grantee_institution_id, purpose, enterprise_uscc) where status = 'ACTIVE'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index consent_grants_active_by_grantee');
}
