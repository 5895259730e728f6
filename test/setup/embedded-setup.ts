import type { TestProject } from 'vitest/node';
import { provideEmbeddedDatabases } from './pglite-template.js';

/**
 * Global setup of the `embedded` test project: the integration tests again, each file on an
 * in-memory PGlite (the database `npm start` uses by default) started from one migrated template.
 * Tests that need PostgreSQL (concurrency, several instances) are skipped there; they run in the
 * `postgres` project.
 */
export default function setup(project: TestProject): Promise<() => void> {
  return provideEmbeddedDatabases(project);
}
