import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrationSource } from '../migrations/index.js';

const STAFF = '20261205180100_enterprise_staff_and_operator.ts';
const USCC = '91420200MA4K000011';

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ kind: 'pglite', dir: 'memory://' });
});
afterAll(() => database.close());

describe('migration: enterprise staff and the platform operator', () => {
  it("keeps each enterprise's existing account as its legal representative, and the way back restores one account per enterprise", async () => {
    const { knex } = database;
    const all = await migrationSource.getMigrations([]);
    expect(all.indexOf(STAFF)).toBeGreaterThan(0);
    for (const _ of all.slice(0, all.indexOf(STAFF))) await knex.migrate.up({ migrationSource });
    await knex('districts').insert({ code: '420202', name: '黄石港区' });
    await knex('market_entities').insert({
      uscc: USCC, name: '迁移测试有限公司', entity_type: 'enterprise', legal_representative: '张三', district_code: '420202', status: 'existing', established_on: '2015-01-01', registered_capital: '1000000.00',
    });
    const [enterprise] = (await knex('enterprises').insert({ uscc: USCC, name: '迁移测试有限公司', legal_representative: '张三', contact_name: '张三', contact_mobile_enc: 'x' }).returning('id')) as { id: string }[];
    await knex('users').insert({ username: USCC, password_hash: '!', role: 'enterprise', display_name: '迁移测试有限公司', enterprise_id: enterprise!.id });
    await knex('users').insert({ username: 'ops', password_hash: '!', role: 'admin', display_name: '管理员' });

    await knex.migrate.up({ migrationSource });
    expect(await knex('users').where({ username: USCC }).first('enterprise_position')).toEqual({ enterprise_position: 'legal_representative' });
    expect(await knex('users').where({ username: 'ops' }).first('enterprise_position')).toEqual({ enterprise_position: null });
    await knex('users').insert({ username: 'clerk', password_hash: '!', role: 'enterprise', display_name: '员工', enterprise_id: enterprise!.id, enterprise_position: 'staff' });
    await knex('institutions').insert({ code: 'PLATFORM', name: '平台运营方', type: 'platform_operator', uscc: '91420200MA4K000038' });
    await expect(knex('institutions').insert({ code: 'PLATFORM2', name: '第二运营方', type: 'platform_operator', uscc: '91420200MA4K000046' })).rejects.toThrow();

    await knex('users').where({ username: 'clerk' }).delete();
    await knex('institutions').where({ type: 'platform_operator' }).delete();
    await knex.migrate.down({ migrationSource, name: STAFF });
    expect(await knex.schema.hasColumn('users', 'enterprise_position')).toBe(false);
    await expect(knex('users').insert({ username: 'clerk2', password_hash: '!', role: 'enterprise', display_name: '员工', enterprise_id: enterprise!.id })).rejects.toThrow();
  });
});
