import { insertBareEnterprise } from './helpers/bare-enterprise.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../migrations/index.js';
import { openDatabase, type Database } from '../src/db/database.js';

const BRANCH_IDS = '20261206090100_assignment_branch_ids.ts';

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ kind: 'pglite', dir: 'memory://' });
});
afterAll(() => database.close());

describe('migration: the free-text 经办支行 becomes a branch of the bank tree', () => {
  it("maps a text that names exactly one institution of the application's bank tree, clears the rest, and the way back restores names", async () => {
    const { knex } = database;
    const all = await migrationSource.getMigrations([]);
    for (const _ of all.slice(0, all.indexOf(BRANCH_IDS))) await knex.migrate.up({ migrationSource });
    const institution = async (code: string, name: string, uscc: string, parentId: string | null = null) =>
      ((await knex('institutions').insert({ code, name, type: 'bank', uscc, parent_id: parentId }).returning('id')) as { id: string }[])[0]!.id;
    const abc = await institution('ABC', '农业银行黄石分行', '91420200MA4K000011');
    const xialu = await institution('ABC_XL', '下陆支行', '91420200MA4K000029', abc);
    const twinA = await institution('ABC_T1', '城区支行', '91420200MA4K000037', abc);
    await institution('ABC_T2', '城区支行', '91420200MA4K000045', twinA);
    const icbc = await institution('ICBC', '工商银行黄石分行', '91420200MA4K000053');
    await institution('ICBC_HSG', '黄石港支行', '91420200MA4K000061', icbc);
    const enterpriseId = await insertBareEnterprise(knex, '91420200MA4K000070', '黄石某公司');
    const [officer] = (await knex('users').insert({ username: 'o', password_hash: 'x', role: 'bank_officer', display_name: '李四', institution_id: abc }).returning('id')) as { id: string }[];
    const branchTexts = [' 下陆支行 ', '城区支行', '黄石港支行', '不存在的支行', null];
    const applications: string[] = [];
    for (const branch of branchTexts) {
      const [application] = (await knex('loan_applications')
        .insert({ enterprise_id: enterpriseId, bank_id: abc, amount: '100000.00', term_months: 12, purpose: '采购', status: 'SUBMITTED' })
        .returning('id')) as { id: string }[];
      applications.push(application!.id);
      const row = { application_id: application!.id, branch, officer_id: officer!.id, assigned_by: officer!.id, assigned_at: new Date() };
      await knex('application_assignments').insert(row);
      await knex('application_assignment_history').insert({ ...row, how: 'assigned' });
    }

    await knex.migrate.up({ migrationSource });
    const column = async (table: string, name: string) =>
      Promise.all(applications.map(async (id) => ((await knex(table).where({ application_id: id }).first(name)) as Record<string, string | null>)[name]));
    const branchIds = (table: string) => column(table, 'branch_id');
    // Only 下陆支行 is unambiguous in ABC's tree; 城区支行 names two, 黄石港支行 is another bank's.
    expect(await branchIds('application_assignments')).toEqual([xialu, null, null, null, null]);
    expect(await branchIds('application_assignment_history')).toEqual([xialu, null, null, null, null]);
    expect(await knex.schema.hasColumn('application_assignments', 'branch')).toBe(false);

    await knex.migrate.down({ migrationSource, name: BRANCH_IDS });
    expect(await column('application_assignments', 'branch')).toEqual(['下陆支行', null, null, null, null]);
    expect(await knex.schema.hasColumn('application_assignment_history', 'branch_id')).toBe(false);
  });
});
