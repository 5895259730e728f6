import type { TestProject } from 'vitest/node';

/**
 * Global setup of the `embedded` test project: the integration tests again, each file on an
 * in-memory PGlite, the database `npm start` uses by default. Tests that need PostgreSQL
 * (concurrency, several instances) are skipped there; they run in the `postgres` project.
 */
export default function setup(project: TestProject): void {
  project.provide('postgres', null);
}
