import { loadConfig } from './src/config.js';
import { migrationSource } from './migrations/index.js';

/**
 * knex CLI configuration, for knex's own commands (`node --import tsx node_modules/knex/bin/cli.js
 * migrate:status --knexfile knexfile.ts`); `npm run migrate` is `scripts/migrate.ts`. PostgreSQL
 * only: the embedded PGlite migrates itself when the server starts, since it takes one process.
 */
const config = loadConfig();
if (config.database.kind !== 'postgres') {
  throw new Error('The knex CLI needs DATABASE_URL; the embedded database migrates on `npm start`.');
}

export default {
  client: 'pg',
  connection: config.database.url,
  migrations: { migrationSource },
};
