import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { exitOnStartFailure, loadConfigOrExit, operatorFailure } from '../src/start-failure.js';

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
const database = await openDatabase(config.database, { warn: () => undefined }).catch((error: unknown) => exitOnStartFailure(config, error, 'npm run migrate'));
try {
  const applied = await migrateToLatest(database.knex);
  console.log(applied.length === 0 ? 'The database is up to date.' : `Applied ${applied.length} migration(s):\n${applied.join('\n')}`);
} catch (error) {
  // A setting to fix is one line naming it; anything else keeps its stack.
  const failure = operatorFailure(config, error, 'npm run migrate');
  console.error(failure?.line ?? error);
  process.exitCode = failure?.exitCode ?? 1;
} finally {
  await database.close();
}
