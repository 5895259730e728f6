import type { Knex } from 'knex';

/**
 * Credit profiles (信用画像), one per USCC whether or not the enterprise has registered.
 * `credit_profiles` is the head: current version and whether it must be rebuilt (`stale`, set
 * when a record arrives or is repaired; `stale_after`, the first business date on which a
 * time window changes an indicator). Versions are immutable snapshots with the SM3 hash of
 * their inputs; `credit_profile_record_usage` is the audit trail of which versions used which
 * records.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('credit_profiles', (t) => {
    t.specificType('uscc', 'char(18)').primary();
    t.integer('current_version').notNullable().defaultTo(0);
    t.boolean('stale').notNullable().defaultTo(true);
    t.date('stale_after').nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create index credit_profiles_stale on credit_profiles (uscc) where stale');

  await knex.schema.createTable('credit_profile_versions', (t) => {
    t.bigIncrements('id');
    t.specificType('uscc', 'char(18)').notNullable().references('credit_profiles.uscc');
    t.integer('version').notNullable();
    t.text('inputs_hash').notNullable();
    t.date('as_of').notNullable();
    t.jsonb('sections').notNullable();
    t.text('reason').notNullable();
    t.timestamp('built_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['uscc', 'version']);
  });

  // No foreign keys: each check takes a KEY SHARE lock on the used record, which made rebuilds
  // about 40% slower; versions and records are never deleted, so the references cannot dangle.
  await knex.schema.createTable('credit_profile_record_usage', (t) => {
    t.bigInteger('profile_version_id').notNullable();
    t.bigInteger('record_id').notNullable();
    t.primary(['profile_version_id', 'record_id']);
    t.index(['record_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('credit_profile_record_usage');
  await knex.schema.dropTable('credit_profile_versions');
  await knex.schema.dropTable('credit_profiles');
}
