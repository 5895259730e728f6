import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../migrations/index.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { findFormat } from '../src/ingestion/category-registry.js';

const TECH_LISTS = '20261206050100_tech_lists_category.ts';
const USCC = '91420200MA4K000011';

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ kind: 'pglite', dir: 'memory://' });
});
afterAll(() => database.close());

describe('migration: the tech-firm lists become the tech_lists category', () => {
  it('moves imported guarantee listings into credit records a reader can parse, grants the list to 科技研发 sources, and the way back restores the table', async () => {
    const { knex } = database;
    const all = await migrationSource.getMigrations([]);
    for (const _ of all.slice(0, all.indexOf(TECH_LISTS))) await knex.migrate.up({ migrationSource });
    await knex('institutions').insert({ code: 'PLATFORM', name: '平台运营方', type: 'platform_operator', uscc: '91420200MA4K000038' });
    const [source] = (await knex('institutions').insert({ code: 'KJJ', name: '黄石市科学技术局', type: 'data_source', uscc: '91420200MA4K000046' }).returning('id')) as { id: string }[];
    await knex('data_source_categories').insert({ institution_id: source!.id, category: 'rnd' });
    await knex('guarantee_tech_listings').insert([
      { uscc: USCC, list: 'high_tech', listed_on: '2025-01-01', expires_on: '2027-12-31', source: '黄石市科技局 高新技术企业名单' },
      { uscc: USCC, list: 'specialised', listed_on: '2024-06-30', expires_on: null, source: '黄石市经济和信息化局' },
    ]);

    await knex.migrate.up({ migrationSource });
    expect(await knex.schema.hasTable('guarantee_tech_listings')).toBe(false);
    const records = (await knex('credit_records').where({ category: 'tech_lists' }).orderBy('record_key')) as { record_key: string; payload: Record<string, unknown>; batch_id: string }[];
    expect(records.map((r) => r.record_key)).toEqual([`${USCC}|high_tech`, `${USCC}|specialised`]);
    // The moved payloads are what the category itself would have stored.
    const { format } = findFormat('tech_lists', 1);
    for (const r of records) expect(format.parse(r.payload)).toMatchObject({ ok: true, record: { payload: r.payload } });
    expect(records[1]!.payload).toEqual({ uscc: USCC, list: 'specialised', listedOn: '2024-06-30', authority: '黄石市经济和信息化局' });
    expect(await knex('ingestion_batches').where({ id: records[0]!.batch_id }).first('category', 'status', 'rows_accepted')).toEqual({ category: 'tech_lists', status: 'completed', rows_accepted: 2 });
    expect(await knex('credit_profiles').where({ uscc: USCC }).first('stale')).toEqual({ stale: true });
    expect(await knex('data_source_categories').where({ institution_id: source!.id }).orderBy('category').pluck('category')).toEqual(['rnd', 'tech_lists']);

    await knex.migrate.down({ migrationSource, name: TECH_LISTS });
    expect(await knex('guarantee_tech_listings').orderBy('list').pluck('list')).toEqual(['high_tech', 'specialised']);
    expect(await knex('data_source_categories').where({ category: 'tech_lists' })).toEqual([]);
  });
});
