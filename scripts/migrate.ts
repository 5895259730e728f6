import { migrateToLatest } from '../src/db/migrate.js';
import { loadConfigOrExit } from '../src/start-failure.js';
import { runDatabaseCommand } from './database-command.js';

/**
 * `npm run migrate`: applies the migrations to the PostgreSQL database of DATABASE_URL, as a start
 * does, before a release's instances start. A wrong setting is one line naming it (exit 78), as at
 * the platform's start. The embedded database migrates on `npm start`.
 */
const config = loadConfigOrExit();
if (config.database.kind !== 'postgres') {
  console.error('npm run migrate needs DATABASE_URL (PostgreSQL); the embedded database migrates on `npm start`.');
  process.exit(78);
}
await runDatabaseCommand(
  config,
  'npm run migrate',
  async (database) => {
    const applied = await migrateToLatest(database.knex);
    console.log(applied.length === 0 ? 'The database is up to date.' : `Applied ${applied.length} migration(s):\n${applied.join('\n')}`);
  },
  { log: { warn: () => undefined } },
);
