import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Config } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';

/**
 * An isolated database for one test file: a clone of the migrated template on PostgreSQL,
 * or an in-memory PGlite started from the migrated template when no PostgreSQL is available (see
 * test/setup/global-setup.ts and embedded-setup.ts).
 */
export interface TestDatabase {
  config: Config['database'];
  /** Drops the clone (no-op for PGlite, which vanishes with the platform). */
  drop(): Promise<void>;
}

export const hasPostgres = (): boolean => inject('postgres') !== null;

/**
 * For files whose tests never touch the run's database (they start their own processes on an
 * embedded DATA_DIR): true in one project only, the embedded one (or wherever PostgreSQL is
 * absent), so the two projects do not run the same processes twice.
 */
export const isEmbeddedRun = (): boolean => !hasPostgres();

/**
 * `empty`: a database with no schema at all (not the migrated template), for tests of migrations
 * themselves; `seeded`: a copy of the template with the demo city already seeded by a platform with
 * the tests' settings (test/setup/demo-template.ts), for a platform whose settings leave the seed alone.
 */
export async function createTestDatabase(options: { empty?: boolean; seeded?: boolean } = {}): Promise<TestDatabase> {
  const pg = inject('postgres');
  if (!pg) {
    const template = options.empty ? undefined : inject(options.seeded ? 'pgliteSeededTemplate' : 'pgliteTemplate');
    return { config: { kind: 'pglite', dir: 'memory://', ...(template ? { template } : {}) }, drop: async () => {} };
  }
  const name = `xyd_test_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: pg.adminUrl, pool: { min: 0, max: 1 } });
  await admin.raw(options.empty ? `create database ${name}` : `create database ${name} template ${options.seeded ? pg.seededTemplate : pg.template}`);
  const url = new URL(pg.adminUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString(), poolMax: 10 },
    async drop() {
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}

/**
 * A database opened before the calling file's tests and dropped after them: the migrated template,
 * or with `empty` no schema at all (for tests of migrations themselves); PostgreSQL when the run
 * has one, else PGlite. Call at the top of the file; the answer gives the open database inside
 * tests and later hooks.
 */
export function databaseForFile(options: { empty?: boolean } = {}): () => Database {
  let database: Database | undefined;
  let created: TestDatabase | undefined;
  beforeAll(async () => {
    created = await createTestDatabase(options);
    database = await openDatabase(created.config);
  });
  afterAll(async () => {
    await database?.close();
    await created?.drop();
  });
  return () => {
    if (!database) throw new Error('the database of this file opens in beforeAll');
    return database;
  };
}
