import { migrateToLatest, pendingMigrations } from '../src/db/migrate.js';
import { loadConfigOrExit } from '../src/start-failure.js';
import { runDatabaseCommand } from './database-command.js';

/**
 * `npm run migrate`: applies the migrations to the PostgreSQL database of DATABASE_URL, as a start
 * does, before a release's instances start. A wrong setting is one line naming it (exit 78), as at
 * the platform's start. The embedded database migrates on `npm start`.
 *
 * Each migration is printed as it commits. SIGTERM or SIGINT (a deploy cancelled, Ctrl-C) lets the
 * migration under way finish, then stops: the database is at that migration, the lock is free, and
 * the exit code is 75 (EX_TEMPFAIL) with one line saying how many remain; running it again goes on.
 */
const STOPPED_EXIT = 75;

const config = loadConfigOrExit();
if (config.database.kind !== 'postgres') {
  console.error('npm run migrate needs DATABASE_URL (PostgreSQL); the embedded database migrates on `npm start`.');
  process.exit(78);
}
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!stop.signal.aborted) console.error(`npm run migrate: ${signal} received: stopping once the migration under way is committed.`);
    stop.abort();
  });
}
await runDatabaseCommand(
  config,
  'npm run migrate',
  async (database) => {
    const applied = await migrateToLatest(database.knex, { signal: stop.signal, onApplied: (name) => console.log(`applied ${name}`) });
    const remaining = stop.signal.aborted ? (await pendingMigrations(database.knex)).length : 0;
    if (remaining > 0) {
      console.error(`npm run migrate stopped: ${applied.length} migration(s) applied, ${remaining} remain; run npm run migrate again to apply them.`);
      process.exitCode = STOPPED_EXIT;
      return;
    }
    console.log(applied.length === 0 ? 'The database is up to date.' : `Applied ${applied.length} migration(s).`);
  },
  { log: { warn: () => undefined } },
);
