import type { Config } from '../src/config.js';
import { openDatabase, type Database, type DatabaseLog } from '../src/db/database.js';
import { exitOnStartFailure, operatorFailure } from '../src/start-failure.js';

/**
 * An operator's command on the platform's database (`npm run migrate`, `setup`, `reencrypt`): the
 * database is opened as a start opens it (a wrong setting or an unreachable database is one line,
 * exit 78 or 1), `body` runs, and a failure is told as the platform tells one: a setting to fix in
 * one line naming it (`refusal` words the command's own refusals), anything else with its stack.
 * The database is closed either way.
 */
export async function runDatabaseCommand(
  config: Config,
  command: string,
  body: (database: Database) => Promise<void>,
  options: { log?: DatabaseLog; refusal?: (error: unknown) => string | undefined } = {},
): Promise<void> {
  const database = await openDatabase(config.database, options.log).catch((error: unknown) => exitOnStartFailure(config, error, command));
  try {
    await body(database);
  } catch (error) {
    const failure = operatorFailure(config, error, command);
    console.error(options.refusal?.(error) ?? failure?.line ?? error);
    process.exitCode = failure?.exitCode ?? 1;
  } finally {
    await database.close();
  }
}
