import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userStore } from '../src/auth/user-store.js';
import { consentStore } from '../src/consents/consent-store.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

/**
 * At city scale `users` holds ~100,000 enterprise accounts beside a few hundred staff: lookups of
 * staff (by institution, by role) and of the person who ended a grant must be index reads, or
 * every consent grant (which notifies the bank's staff), every list of grants and every bank
 * work-queue page reads the whole table (bench/city-day).
 */
let testDb: TestDatabase;
let database: Database;
beforeAll(async () => {
  testDb = await createTestDatabase();
  database = await openDatabase(testDb.config);
  await migrateToLatest(database.knex);
}, 300_000);
afterAll(async () => {
  await database.close();
  await testDb.drop();
});

/** The plans of the statements `run` sends, with sequential scans priced out (as on a large table). */
async function plansOf(run: () => Promise<unknown>): Promise<string[]> {
  const { knex } = database;
  const sent: { sql: string; bindings: readonly unknown[] }[] = [];
  // The event carries the driver's SQL ($1, $2 …) on PostgreSQL: back to knex's placeholders.
  const listen = (q: { sql: string; bindings?: readonly unknown[] }) => sent.push({ sql: q.sql.replace(/\$\d+/g, '?'), bindings: q.bindings ?? [] });
  knex.on('query', listen);
  try {
    await run();
  } finally {
    knex.off('query', listen);
  }
  expect(sent.length).toBeGreaterThan(0);
  return knex.transaction(async (tx) => {
    await tx.raw('set local enable_seqscan = off');
    const plans: string[] = [];
    for (const q of sent) plans.push(((await tx.raw(`explain ${q.sql}`, [...q.bindings] as never[])).rows as Record<string, string>[]).map((r) => Object.values(r)[0]).join('\n'));
    return plans;
  });
}

describe('staff lookups in users', () => {
  it('finds an institution’s staff and a role’s accounts through an index, not by reading every account', async () => {
    const { knex } = database;
    const [bank] = (await knex('institutions').insert({ code: 'IDX_BANK', name: '索引测试银行', type: 'bank', uscc: '91420200IDX000001X' }).returning('id')) as { id: string }[];
    await knex('users').insert([
      { username: 'idx_officer', password_hash: 'x', role: 'bank_officer', display_name: '客户经理', institution_id: bank!.id, position: 'officer' },
      { username: 'idx_admin', password_hash: 'x', role: 'bank_officer', display_name: '管理员', institution_id: bank!.id, position: 'institution_admin' },
    ]);

    const byInstitution = await plansOf(async () => expect((await userStore.listByInstitution(knex, bank!.id)).map((u) => u.username)).toEqual(['idx_officer', 'idx_admin']));
    const byRole = await plansOf(() => userStore.listActiveByRole(knex, 'financial_office'));
    for (const plan of [...byInstitution, ...byRole]) {
      expect(plan).toMatch(/Index/);
      expect(plan).not.toMatch(/Seq Scan on users/);
    }
  });

  it('names who ended a grant in a list of grants by reading that person by key', async () => {
    const { knex } = database;
    await knex('districts').insert({ code: '420202', name: '黄石港区' }).onConflict('code').ignore();
    const uscc = '91420200MA4K00005X';
    await knex('market_entities').insert({ uscc, name: '索引测试企业', entity_type: 'enterprise', legal_representative: '王伟', district_code: '420202', status: 'existing', established_on: '2020-01-01', registered_capital: '100000.00' });
    const [enterprise] = (await knex('enterprises').insert({ uscc, name: '索引测试企业', legal_representative: '王伟', contact_name: '王伟', contact_mobile_enc: 'x' }).returning('id')) as { id: string }[];
    const [person] = (await knex('users').insert({ username: 'idx_sme', password_hash: 'x', role: 'enterprise', display_name: '王伟', enterprise_id: enterprise!.id, enterprise_position: 'legal_representative' }).returning('id')) as { id: string }[];
    const [bank] = (await knex('institutions').insert({ code: 'IDX_BANK2', name: '索引测试银行二', type: 'bank', uscc: '91420200IDX000002X' }).returning('id')) as { id: string }[];
    const grant = { enterprise_id: enterprise!.id, enterprise_uscc: uscc, grantee_institution_id: bank!.id, scopes: ['register'], purpose: 'pre_credit', valid_from: new Date('2026-01-01'), valid_until: new Date('2027-01-01'), fetch_type: 'ONETIME', artefact: 'a', artefact_signature: 's', created_by: person!.id, created_at: new Date('2026-01-01') };
    const ids = (await knex('consent_grants')
      .insert([
        { ...grant, status: 'REVOKED', ended_by_kind: 'enterprise', ended_by: person!.id, ended_at: new Date('2026-02-01') },
        { ...grant, status: 'EXPIRED', ended_by_kind: 'system', ended_by: 'consent-expiry', ended_at: new Date('2026-03-01') },
      ])
      .returning('id')) as { id: string }[];
    await knex('consent_grant_usage').insert(ids.map(({ id }) => ({ grant_id: id })));

    let listed: Awaited<ReturnType<typeof consentStore.list>> = [];
    const plans = await plansOf(async () => (listed = await consentStore.list(knex, { enterpriseId: enterprise!.id, limit: 10 })));
    expect(listed.map((g) => [g.status, g.endedByName ?? null]).sort()).toEqual([['EXPIRED', null], ['REVOKED', '王伟']]);
    for (const plan of plans) expect(plan).not.toMatch(/Seq Scan on users/);
  });
});
