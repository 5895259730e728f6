import knexFactory from 'knex';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/ops/processes.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedPostgresTemplate } from './demo-template.js';
import { provideEmbeddedDatabases } from './pglite-template.js';
import { findPostgresBinDir, startCluster, type Cluster } from './postgres-cluster.js';

/**
 * Decides where the integration tests run:
 * - `DATABASE_URL` set: that server (the URL must allow CREATE DATABASE);
 * - else PostgreSQL server binaries installed: a throwaway cluster started here;
 * - else embedded PGlite per test file (started from one migrated template), and tests that need
 *   real PostgreSQL say they are skipped.
 * On PostgreSQL, one template database is migrated once, and a copy of it gets the demo city; each
 * test file clones one of the two. It also
 * names the port whose listener is the browser files' turn (test/browser/helpers/browser-turn.ts).
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** `template`: migrated; `seededTemplate`: migrated, with the demo city (test/setup/demo-template.ts). */
    postgres: { adminUrl: string; template: string; seededTemplate: string } | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide('browserTurnPort', await freePort());
  let cluster: Cluster | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const binDir = findPostgresBinDir();
    if (!binDir) {
      console.warn(
        '\n[test setup] No DATABASE_URL and no PostgreSQL server binaries: integration tests run on embedded PGlite.\n' +
          '[test setup] Tests marked "needs PostgreSQL" (concurrency, multi-instance) are SKIPPED. Install postgresql to run them.\n',
      );
      const remove = await provideEmbeddedDatabases(project);
      return async () => remove();
    }
    cluster = await startCluster(binDir);
    adminUrl = cluster.url;
  }
  const template = `xyd_template_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`drop database if exists ${template}`);
  await admin.raw(`create database ${template}`);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  const migrator = knexFactory({ client: 'pg', connection: templateUrl.toString(), pool: { min: 0, max: 1 } });
  await migrateToLatest(migrator);
  await migrator.destroy();
  const seededTemplate = await seedPostgresTemplate(admin, adminUrl, template);
  project.provide('postgres', { adminUrl, template, seededTemplate });

  return async () => {
    if (cluster) {
      await admin.destroy();
      cluster.stop();
    } else {
      await admin.raw(`drop database if exists ${seededTemplate}`);
      await admin.raw(`drop database if exists ${template}`);
      await admin.destroy();
    }
  };
}
