import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userStore } from '../src/auth/user-store.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

/**
 * At city scale `users` holds ~100,000 enterprise accounts beside a few hundred staff: the staff
 * lookups (by institution, by role) must be index reads, or every consent grant (which notifies
 * the bank's staff) and every bank work-queue page reads the whole table (bench/city-day).
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
});
