import { loadConfig } from './src/config.js';
import { migrationSource } from './migrations/index.js';

/**
 * knex CLI configuration (`npm run migrate`). PostgreSQL only: the embedded PGlite migrates itself
 * when the server starts, since it cannot be shared with a second process.
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
