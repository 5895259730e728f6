import type { Knex } from 'knex';

/**
 * Profile versions now carry a `third_party` section (第三方数据, served only under a grant with
 * that scope). Existing snapshots lack it, so a grant with the scope would find the section
 * missing: mark every profile stale so the background drain (and any read) rebuilds it; the new
 * assembly version in the inputs hash makes that rebuild write a new version.
 */
export async function up(knex: Knex): Promise<void> {
  await knex('credit_profiles').where('current_version', '>', 0).update({ stale: true, updated_at: knex.fn.now() });
}

/** Nothing to undo: a stale profile is simply rebuilt. */
export async function down(): Promise<void> {}
