import type { Knex } from 'knex';

/**
 * A credit-profile version's sections move from one jsonb array on the version row to one row per
 * scope (`credit_profile_sections`). A read for some scopes — the consent gate reads only what a
 * grant allows — then fetches just those sections, instead of detoasting and expanding all
 * thirteen with their source records. `ordinal` keeps the sections in the order the assembler
 * produced them. Existing versions are carried over; the array column goes, so there is one copy.
 * Rows are keyed by the version's (uscc, version), not its id: the gate reaches them straight
 * from the profile head, without a lookup (and a lock) on the version table. No foreign key to
 * the version: its per-row check made profile rebuilds almost five times slower (bench/profiles,
 * 10,000 profiles: 133/s with it, 762/s without); sections are written only with their version,
 * in the same statement sequence and transaction, and versions are never deleted.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('credit_profile_sections', (t) => {
    t.specificType('uscc', 'char(18)').notNullable();
    t.integer('version').notNullable();
    t.text('scope').notNullable();
    t.smallint('ordinal').notNullable();
    t.jsonb('section').notNullable();
    t.primary(['uscc', 'version', 'scope']);
  });
  await knex.raw(`
    insert into credit_profile_sections (uscc, version, scope, ordinal, section)
    select v.uscc, v.version, s.section->>'scope', s.ordinal - 1, s.section
      from credit_profile_versions v
      cross join lateral jsonb_array_elements(v.sections) with ordinality as s(section, ordinal)`);
  await knex.schema.alterTable('credit_profile_versions', (t) => {
    t.dropColumn('sections');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('credit_profile_versions', (t) => {
    t.jsonb('sections').nullable();
  });
  await knex.raw(`
    update credit_profile_versions v
       set sections = coalesce((select jsonb_agg(s.section order by s.ordinal) from credit_profile_sections s where s.uscc = v.uscc and s.version = v.version), '[]'::jsonb)`);
  await knex.raw('alter table credit_profile_versions alter column sections set not null');
  await knex.schema.dropTable('credit_profile_sections');
}
