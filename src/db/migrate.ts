import type { Knex } from 'knex';
import { migrationSource } from '../../migrations/index.js';

export interface MigrateOptions {
  /** Once aborted, the migration under way finishes (commits) and no further one starts. */
  signal?: AbortSignal;
  /** Told the name of each migration as it commits. */
  onApplied?: (name: string) => void;
}

/**
 * Applies the pending migrations one at a time, each in its own transaction with knex's
 * migration lock taken and freed inside it: a stop (the signal) ends cleanly after the current
 * migration, and a process killed mid-migration leaves that migration and its lock rolled back,
 * never half-done (every migration is transactional: migrate.test.ts). Another instance
 * migrating at the same time waits on the lock row and skips what the first applied.
 * Answers the names applied here, in order.
 */
export async function migrateToLatest(knex: Knex, options: MigrateOptions = {}): Promise<string[]> {
  const applied: string[] = [];
  while (!options.signal?.aborted && (await pendingMigrations(knex)).length > 0) {
    const [, names] = (await knex.migrate.up({ migrationSource })) as [number, string[]];
    for (const name of names) {
      applied.push(name);
      options.onApplied?.(name);
    }
    // The embedded database answers within the same turn of the event loop: without this, a signal
    // (the stop) would be taken only once every migration had run.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return applied;
}

/** The migrations not yet applied, in the order they would run. */
export async function pendingMigrations(knex: Knex): Promise<string[]> {
  const [, pending] = (await knex.migrate.list({ migrationSource })) as [unknown, string[]];
  return pending.map((m) => migrationSource.getMigrationName(m));
}
