import { createInterface } from 'node:readline/promises';
import { createFirstAdmin } from '../src/auth/setup/first-admin.js';
import { userStore } from '../src/auth/user-store.js';
import { loadConfigOrExit } from '../src/start-failure.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { transactionRunner } from '../src/db/transaction.js';
import { validateUscc } from '../src/platform/uscc.js';
import { InstitutionService } from '../src/institutions/institution-service.js';
import { institutionStore } from '../src/institutions/institution-store.js';
import { DomainError } from '../src/platform/errors.js';
import { hashingAt } from '../src/platform/password.js';
import { runDatabaseCommand } from './database-command.js';

/**
 * `npm run setup`: migrates the database and creates the first platform admin, from
 * SETUP_ADMIN_USERNAME / SETUP_ADMIN_PASSWORD (a temporary password: the first login must
 * change it) or by asking on the terminal, as the first person of the platform operator
 * (平台运营方, SETUP_OPERATOR_NAME / SETUP_OPERATOR_USCC, asked for when not set). Refuses when
 * an admin exists: further admins are invited by an existing one. Run it with the same
 * environment as the platform.
 */
const config = loadConfigOrExit();
await runDatabaseCommand(
  config,
  'npm run setup',
  async (database) => {
    await migrateToLatest(database.knex);
    let username = process.env.SETUP_ADMIN_USERNAME;
    let password = process.env.SETUP_ADMIN_PASSWORD;
    let operatorName = process.env.SETUP_OPERATOR_NAME;
    let operatorUscc = process.env.SETUP_OPERATOR_USCC;
    const fromEnv = username !== undefined && password !== undefined;
    const terminal = fromEnv && operatorName && operatorUscc ? undefined : createInterface({ input: process.stdin, output: process.stdout });
    if (terminal) {
      operatorName ||= (await terminal.question('平台运营方名称 (operator name): ')).trim();
      operatorUscc ||= (await terminal.question('平台运营方统一社会信用代码 (operator USCC): ')).trim();
      if (!fromEnv) {
        username = (await terminal.question('管理员账号 (admin username): ')).trim();
        password = await terminal.question('管理员密码 (password, at least 8 characters of three kinds): ');
      }
      terminal.close();
    }
    const uscc = validateUscc(operatorUscc ?? '');
    if (!uscc.ok || !operatorName) throw new Error(`the operator needs a name and a valid USCC${uscc.ok ? '' : ` (${uscc.error.message})`}`);
    // Setup only records the operator: no bank is connected before the platform first runs.
    const institutions = new InstitutionService(database.knex, institutionStore, async () => new Set());
    const created = await createFirstAdmin(
      { transaction: transactionRunner(database.knex), users: userStore, ensureOperator: (tx, operator) => institutions.ensureOperator(tx, operator), hashPassword: hashingAt(config.passwordScryptLog2N) },
      { username: username!, password: password!, temporary: fromEnv, operator: { name: operatorName, uscc: uscc.uscc } },
    );
    console.log(`First admin "${created.username}" created.${fromEnv ? ' The password from the environment is temporary: the first login must change it.' : ''}`);
  },
  { refusal: (error) => (error instanceof DomainError ? `setup refused: ${error.message}` : undefined) },
);
