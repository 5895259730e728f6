import type { Knex } from 'knex';
import { migrationSource } from '../../migrations/index.js';

export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}
