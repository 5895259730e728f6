import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../migrations/index.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { insertBareEnterprise } from './helpers/bare-enterprise.js';

const PER_READER = '20261219090100_case_files_per_reader.ts';

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ kind: 'pglite', dir: 'memory://' });
});
afterAll(() => database.close());

describe('migration: a case file per application and reader', () => {
  it("gives a kept case file its grant's institution, leaves room for the guarantee company's, and the way back keeps the bank's", async () => {
    const { knex } = database;
    const all = await migrationSource.getMigrations([]);
    for (const _ of all.slice(0, all.indexOf(PER_READER))) await knex.migrate.up({ migrationSource });
    const institution = async (code: string, type: string, uscc: string) =>
      ((await knex('institutions').insert({ code, name: code, type, uscc }).returning('id')) as { id: string }[])[0]!.id;
    const bank = await institution('BANK', 'bank', '91420200MA4K000011');
    const company = await institution('GUAR', 'guarantee_company', '91420200MA4K000029');
    const uscc = '91420200MA4K000070';
    const enterpriseId = await insertBareEnterprise(knex, uscc, '黄石某公司');
    const [application] = (await knex('loan_applications')
      .insert({ enterprise_id: enterpriseId, bank_id: bank, amount: '100000.00', term_months: 12, purpose: '采购', status: 'SUBMITTED' })
      .returning('id')) as { id: string }[];
    const grant = async (grantee: string) =>
      ((await knex('consent_grants')
        .insert({
          enterprise_id: enterpriseId, enterprise_uscc: uscc, grantee_institution_id: grantee, scopes: ['register'], purpose: 'loan_application', application_id: application!.id,
          valid_from: new Date(), valid_until: new Date(Date.now() + 86_400_000), fetch_type: 'ONETIME', artefact: 'x', artefact_signature: 'x', created_by: 'test', created_at: new Date(), status: 'ACTIVE',
        })
        .returning('id')) as { id: string }[])[0]!.id;
    const keep = (grantId: string, extra: Record<string, unknown> = {}) =>
      knex('application_case_files').insert({ application_id: application!.id, grant_id: grantId, snapshot_enc: 'x', kept_at: new Date(), ...extra });
    await keep(await grant(bank));

    await knex.migrate.up({ migrationSource });
    expect(await knex('application_case_files').select('institution_id')).toEqual([{ institution_id: bank }]);
    await keep(await grant(company), { institution_id: company });
    await expect(keep(await grant(company), { institution_id: company })).rejects.toThrow();

    await knex.migrate.down({ migrationSource, name: PER_READER });
    expect(await knex('application_case_files').count({ n: '*' }).first()).toMatchObject({ n: 1 });
    expect(await knex.schema.hasColumn('application_case_files', 'institution_id')).toBe(false);
  });
});
