import type { Knex } from 'knex';

/**
 * A profile version names the records it used in an array on its own row
 * (`credit_profile_versions.used_record_ids`, ascending) instead of one `credit_profile_record_usage`
 * row per record: a rebuild wrote about 17 link rows (and their two index entries) per version.
 * The audit question "which versions used record R" starts from the record's USCC, whose versions
 * the (uscc, version) index finds, and keeps those whose array contains R. Existing links are
 * carried over; the link table goes, so there is one copy.
 *
 * From now on a version also stores only its sections that differ from the empty profile's
 * (`credit_profile_sections`); readers fold in the empty sections of the scopes without a row.
 * Rows written before stay as they are: a stored row always wins, so they read the same.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table credit_profile_versions add column used_record_ids bigint[] not null default '{}'`);
  await knex.raw(`
    update credit_profile_versions v set used_record_ids = u.ids
      from (select profile_version_id, array_agg(record_id order by record_id) as ids from credit_profile_record_usage group by profile_version_id) u
     where u.profile_version_id = v.id`);
  await knex.schema.dropTable('credit_profile_record_usage');
  // Sections above 2 kB (a category's source records) are compressed when written: lz4 costs a
  // fraction of pglz's CPU. Builds without lz4 (PGlite) keep pglz.
  if (await hasLz4(knex)) await knex.raw('alter table credit_profile_sections alter column section set compression lz4');
}

export async function hasLz4(knex: Knex): Promise<boolean> {
  const result = await knex.raw(`select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)`);
  return result.rows.length > 0;
}

export async function down(knex: Knex): Promise<void> {
  if (await hasLz4(knex)) await knex.raw('alter table credit_profile_sections alter column section set compression default');
  await knex.schema.createTable('credit_profile_record_usage', (t) => {
    t.bigInteger('profile_version_id').notNullable();
    t.bigInteger('record_id').notNullable();
    t.primary(['profile_version_id', 'record_id']);
    t.index(['record_id']);
  });
  await knex.raw(`
    insert into credit_profile_record_usage (profile_version_id, record_id)
    select v.id, x from credit_profile_versions v cross join lateral unnest(v.used_record_ids) as x`);
  await knex.raw('alter table credit_profile_versions drop column used_record_ids');
  // Versions written since `up` have no rows for their empty sections; the earlier readers do not
  // fold those in, so such a version reads without them until it is rebuilt.
}
