import { describe, expect, it } from 'vitest';
import { migrationSource } from '../migrations/index.js';
import { databaseForFile } from './helpers/test-database.js';

const SECTIONS_AS_JSON = '20261219120100_profile_sections_as_json.ts';
const USCC = '91420200MA4K000011';

const database = databaseForFile({ empty: true });

const columnType = async () =>
  (await database().knex.raw(`select atttypid::regtype::text as type, attcompression::text as compression from pg_attribute
     where attrelid = 'credit_profile_sections'::regclass and attname = 'section'`)).rows[0] as { type: string; compression: string };

describe('migration: profile sections are stored as json', () => {
  it('converts stored sections without changing what they hold, keeps lz4 where available, and the way back restores jsonb', async () => {
    const { knex } = database();
    await knex.migrate.latest({ migrationSource });
    await knex.migrate.down({ migrationSource, name: SECTIONS_AS_JSON });
    expect((await columnType()).type).toBe('jsonb');
    const section = {
      scope: 'tax',
      label: '纳税',
      indicators: [{ code: 'tax_paid_last_12_months', label: '近12个月纳税额', value: '1234.50', unit: '元', recordIds: [7, 9_000_000_001] }],
      series: [{ code: 'tax_paid_by_month', label: '月度纳税额', unit: '元', points: [{ period: '2026-11', value: '100.00', recordIds: [7] }] }],
      records: [{ id: 7, recordKey: '他说"引号"\\反斜杠\n换行', underObjection: false, publishedOnTime: null }],
    };
    await knex('credit_profiles').insert({ uscc: USCC, current_version: 1, stale: false });
    await knex('credit_profile_versions').insert({ uscc: USCC, version: 1, inputs_hash: 'h1', as_of: '2026-12-01', reason: 'records_changed' });
    await knex('credit_profile_sections').insert({ uscc: USCC, version: 1, scope: 'tax', ordinal: 1, section: JSON.stringify(section) });

    await knex.migrate.up({ migrationSource, name: SECTIONS_AS_JSON });
    const lz4 = (await knex.raw(`select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)`)).rows.length > 0;
    expect(await columnType()).toEqual({ type: 'json', compression: lz4 ? 'l' : '' });
    expect((await knex('credit_profile_sections').first('section')).section).toEqual(section);

    await knex.migrate.down({ migrationSource, name: SECTIONS_AS_JSON });
    expect((await columnType()).type).toBe('jsonb');
    expect((await knex('credit_profile_sections').first('section')).section).toEqual(section);
  });
});
