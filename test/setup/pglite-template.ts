import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedPgliteTemplate } from './demo-template.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated PGlite data folder (a `dumpDataDir` tar file) every embedded test database starts from. */
    pgliteTemplate: string;
    /** The same with the demo city seeded (test/setup/demo-template.ts). */
    pgliteSeededTemplate: string;
  }
}

/**
 * Migrates one in-memory PGlite and writes its data folder to a file. A new PGlite runs initdb
 * and then every migration (about ten seconds on a busy two-core machine); one started from this
 * file skips both, as a PostgreSQL test database cloned from the migrated template does.
 */
async function createPgliteTemplate(): Promise<{ path: string; seededPath: string; remove(): void }> {
  const db = await openDatabase({ kind: 'pglite', dir: 'memory://' });
  try {
    await migrateToLatest(db.knex);
    const pglite = (db.knex.client.config as { connection: { pglite: PGlite } }).connection.pglite;
    const dump = await pglite.dumpDataDir('none');
    const dir = mkdtempSync(join(tmpdir(), 'xyd-pglite-template-'));
    const path = join(dir, 'template.tar');
    writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
    const seededPath = join(dir, 'seeded.tar');
    await seedPgliteTemplate(path, seededPath);
    return { path, seededPath, remove: () => rmSync(dir, { recursive: true, force: true }) };
  } finally {
    await db.close();
  }
}

/** Test files of `project` get in-memory PGlite databases started from a new template; returns the cleanup. */
export async function provideEmbeddedDatabases(project: TestProject): Promise<() => void> {
  const template = await createPgliteTemplate();
  project.provide('postgres', null);
  project.provide('pgliteTemplate', template.path);
  project.provide('pgliteSeededTemplate', template.seededPath);
  return () => template.remove();
}
