import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.js';
import { createTestDatabase, hasPostgres, type TestDatabase } from './helpers/test-database.js';

let testDb: TestDatabase;
let db: Database;
const warnings: string[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.config, { warn: (message) => warnings.push(message) });
});
afterAll(async () => {
  await db.close();
  await testDb.drop();
});

const terminateOtherBackends = () =>
  db.knex.raw(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);

// PGlite runs in the process: there is no server to restart or backend to terminate.
describe.skipIf(!hasPostgres())('the database closing idle connections (a restart, pg_terminate_backend)', () => {
  it('does not stop the process: the statement pool logs the loss and reconnects for the next statement', async () => {
    const [before] = await db.statements.query<{ pid: number }>('backend_pid', 'select pg_backend_pid() as pid', []);
    await terminateOtherBackends();
    await expect.poll(() => warnings).toContain('database connection of the statement pool lost while idle');
    const [after] = await db.statements.query<{ pid: number }>('backend_pid', 'select pg_backend_pid() as pid', []);
    expect(after!.pid).not.toBe(before!.pid);
  });

  it('reports a knex connection lost while idle to the log when the next query replaces it', async () => {
    const [knexSide] = await db.knex.transaction(async (tx) => (await tx.raw('select pg_backend_pid() as pid')).rows as { pid: number }[]);
    const killer = await openDatabase(testDb.config, { warn: () => undefined });
    try {
      await killer.knex.raw('select pg_terminate_backend(?)', [knexSide!.pid]);
    } finally {
      await killer.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(((await db.knex.raw('select 1 as one')) as { rows: unknown[] }).rows).toEqual([{ one: 1 }]);
    expect(warnings.some((w) => w.startsWith('Connection Error'))).toBe(true);
  });
});
