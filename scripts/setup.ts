import { createInterface } from 'node:readline/promises';
import { createFirstAdmin } from '../src/auth/setup/first-admin.js';
import { userStore } from '../src/auth/user-store.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { transactionRunner } from '../src/db/transaction.js';
import { DomainError } from '../src/platform/errors.js';

/**
 * `npm run setup`: migrates the database and creates the first platform admin, from
 * SETUP_ADMIN_USERNAME / SETUP_ADMIN_PASSWORD (a temporary password: the first login must
 * change it) or by asking on the terminal. Refuses when an admin exists. Run it with the same
 * environment as the platform.
 */
const config = loadConfig();
const database = await openDatabase(config.database);
try {
  await migrateToLatest(database.knex);
  let username = process.env.SETUP_ADMIN_USERNAME;
  let password = process.env.SETUP_ADMIN_PASSWORD;
  const fromEnv = username !== undefined && password !== undefined;
  if (!fromEnv) {
    const terminal = createInterface({ input: process.stdin, output: process.stdout });
    username = (await terminal.question('管理员账号 (admin username): ')).trim();
    password = await terminal.question('管理员密码 (password, at least 8 characters of three kinds): ');
    terminal.close();
  }
  const created = await createFirstAdmin({ transaction: transactionRunner(database.knex), users: userStore }, { username: username!, password: password!, temporary: fromEnv });
  console.log(`First admin "${created.username}" created.${fromEnv ? ' The password from the environment is temporary: the first login must change it.' : ''}`);
} catch (error) {
  console.error(error instanceof DomainError ? `setup refused: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
