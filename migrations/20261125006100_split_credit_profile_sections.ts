import type { Knex } from 'knex';

/**
 * A credit-profile version's sections move from one jsonb array on the version row to one row per
 * scope (`credit_profile_sections`). A read for some scopes — the consent gate reads only what a
 * grant allows — then fetches just those sections, instead of detoasting and expanding all
 * thirteen with their source records. `ordinal` keeps the sections in the order the assembler
 * produced them. Existing versions are carried over; the array column goes, so there is one copy.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('credit_profile_sections', (t) => {
    t.bigInteger('profile_version_id').notNullable().references('credit_profile_versions.id');
    t.text('scope').notNullable();
    t.smallint('ordinal').notNullable();
    t.jsonb('section').notNullable();
    t.primary(['profile_version_id', 'scope']);
  });
  await knex.raw(`
    insert into credit_profile_sections (profile_version_id, scope, ordinal, section)
    select v.id, s.section->>'scope', s.ordinal - 1, s.section
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
       set sections = coalesce((select jsonb_agg(s.section order by s.ordinal) from credit_profile_sections s where s.profile_version_id = v.id), '[]'::jsonb)`);
  await knex.raw('alter table credit_profile_versions alter column sections set not null');
  await knex.schema.dropTable('credit_profile_sections');
}
