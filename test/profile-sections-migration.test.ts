import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrationSource } from '../migrations/index.js';

const SPLIT = '20261125006100_split_credit_profile_sections.ts';
const USCC = '91330100MA2B000001';
const sections = [
  { scope: 'register', label: '登记注册', indicators: [{ code: 'age_years', label: '成立年限', value: 3, unit: '年', recordIds: [] }], records: [] },
  { scope: 'tax', label: '纳税', indicators: [], records: [{ id: 7, category: 'tax_payments' }] },
];

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ kind: 'pglite', dir: 'memory://' });
});
afterAll(() => database.close());

describe('migration: credit-profile sections, one row per scope', () => {
  it('carries existing versions over in order, and the way back restores the array', async () => {
    const { knex } = database;
    const all = await migrationSource.getMigrations([]);
    // Up to the one before SPLIT (later migrations may follow it in the list).
    expect(all.indexOf(SPLIT)).toBeGreaterThan(0);
    for (const _ of all.slice(0, all.indexOf(SPLIT))) await knex.migrate.up({ migrationSource });
    await knex('credit_profiles').insert({ uscc: USCC, current_version: 1, stale: false });
    const [inserted] = (await knex('credit_profile_versions')
      .insert({ uscc: USCC, version: 1, inputs_hash: 'h', as_of: '2026-11-25', sections: JSON.stringify(sections), reason: 'first_read' })
      .returning('id')) as { id: number }[];
    const id = inserted!.id;

    await knex.migrate.up({ migrationSource });
    const rows = await knex('credit_profile_sections').where({ uscc: USCC, version: 1 }).orderBy('ordinal');
    expect(rows.map((r) => [r.scope, r.ordinal, r.section])).toEqual([
      ['register', 0, sections[0]],
      ['tax', 1, sections[1]],
    ]);
    expect(await knex.schema.hasColumn('credit_profile_versions', 'sections')).toBe(false);

    await knex.migrate.down({ migrationSource, name: SPLIT });
    expect(await knex.schema.hasTable('credit_profile_sections')).toBe(false);
    const version = await knex('credit_profile_versions').where({ id }).first();
    expect(version.sections).toEqual(sections);
  });
});
