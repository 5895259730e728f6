import { describe, expect, it } from 'vitest';
import { migrationSource } from '../migrations/index.js';
import { databaseForFile } from './helpers/test-database.js';

const USED_RECORDS = '20261208110100_profile_version_used_records.ts';
const USCC = '91420200MA4K000011';

const database = databaseForFile({ empty: true });

describe('migration: a profile version names its used records in an array', () => {
  it('carries every version’s record links over (ascending, none for a version without any), drops the link table, compresses sections with lz4 where available, and the way back restores it', async () => {
    const { knex } = database();
    // Every migration, then this one undone: the schema as it was before it (later ones do not touch these tables).
    await knex.migrate.latest({ migrationSource });
    await knex.migrate.down({ migrationSource, name: USED_RECORDS });
    await knex('credit_profiles').insert({ uscc: USCC, current_version: 2, stale: false });
    const versions = (await knex('credit_profile_versions')
      .insert([1, 2, 3].map((version) => ({ uscc: USCC, version, inputs_hash: `h${version}`, as_of: '2026-12-01', reason: 'records_changed' })))
      .returning('id')) as { id: string }[];
    const [v1, v2, v3] = versions.map((v) => Number(v.id));
    const links = [
      [v1, 42],
      [v1, 7],
      [v2, 7],
      [v2, 9_000_000_001],
      [v2, 8],
    ];
    await knex('credit_profile_record_usage').insert(links.map(([profile_version_id, record_id]) => ({ profile_version_id, record_id })));

    await knex.migrate.up({ migrationSource, name: USED_RECORDS });
    expect(await knex.schema.hasTable('credit_profile_record_usage')).toBe(false);
    const arrays = (await knex('credit_profile_versions').orderBy('version').select('id', 'used_record_ids')) as { id: string; used_record_ids: (string | number)[] }[];
    expect(arrays.map((v) => [Number(v.id), v.used_record_ids.map(Number)])).toEqual([
      [v1, [7, 42]],
      [v2, [7, 8, 9_000_000_001]],
      [v3, []],
    ]);

    // Sections are compressed with lz4 where the server has it (PostgreSQL builds usually do, PGlite does not).
    const lz4 = (await knex.raw(`select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)`)).rows.length > 0;
    const compression = await knex.raw(`select attcompression::text as c from pg_attribute where attrelid = 'credit_profile_sections'::regclass and attname = 'section'`);
    expect(compression.rows[0].c).toBe(lz4 ? 'l' : '');

    await knex.migrate.down({ migrationSource, name: USED_RECORDS });
    expect(await knex.schema.hasColumn('credit_profile_versions', 'used_record_ids')).toBe(false);
    const restored = (await knex('credit_profile_record_usage').select('profile_version_id', 'record_id')) as { profile_version_id: string; record_id: string }[];
    expect(restored.map((r) => [Number(r.profile_version_id), Number(r.record_id)]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!)).toEqual(
      [...links].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!),
    );
  });
});
