import { createInterface } from 'node:readline/promises';
import { createFirstAdmin } from '../src/auth/setup/first-admin.js';
import { userStore } from '../src/auth/user-store.js';
import { CommandInputError, exitOnStartFailure, loadConfigOrExit } from '../src/start-failure.js';
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
 * environment as the platform. A wrong value is one line naming the variable (or the question
 * answered), exit 64, checked before the database is touched where it can be.
 */
const config = loadConfigOrExit();
let username = process.env.SETUP_ADMIN_USERNAME;
let password = process.env.SETUP_ADMIN_PASSWORD;
let operatorName = process.env.SETUP_OPERATOR_NAME;
let operatorUscc = process.env.SETUP_OPERATOR_USCC;
const fromEnv = username !== undefined && password !== undefined;
/** Where each value came from, as the operator knows it: the variable, or the question on the terminal. */
const named = {
  operatorName: process.env.SETUP_OPERATOR_NAME ? 'SETUP_OPERATOR_NAME' : '平台运营方名称 (operator name)',
  operatorUscc: process.env.SETUP_OPERATOR_USCC ? 'SETUP_OPERATOR_USCC' : '平台运营方统一社会信用代码 (operator USCC)',
  username: fromEnv ? 'SETUP_ADMIN_USERNAME' : '管理员账号 (admin username)',
  password: fromEnv ? 'SETUP_ADMIN_PASSWORD' : '管理员密码 (admin password)',
};
/** The operator's name and USCC, or the one line naming the value at fault. */
function checkedOperator(): { name: string; uscc: string } {
  if (!operatorName?.trim()) throw new CommandInputError(named.operatorName, 'the platform operator needs a name');
  const uscc = validateUscc(operatorUscc ?? '');
  if (!uscc.ok) throw new CommandInputError(named.operatorUscc, `"${operatorUscc ?? ''}" is not a valid USCC: ${uscc.error.message}`);
  return { name: operatorName.trim(), uscc: uscc.uscc };
}
/** createFirstAdmin refuses a username or password as a field: named as the operator gave it. */
function namingTheValue(error: unknown): never {
  const field = error instanceof DomainError ? error.errors[0]?.field : undefined;
  if (field === 'username' || field === 'password') throw new CommandInputError(named[field], (error as Error).message);
  throw error;
}

// Values from the environment are checked before the database is opened; answers as they are given.
if (operatorName && operatorUscc) {
  try {
    checkedOperator();
  } catch (error) {
    exitOnStartFailure(config, error, 'npm run setup');
  }
}

await runDatabaseCommand(
  config,
  'npm run setup',
  async (database) => {
    const terminal = fromEnv && operatorName && operatorUscc ? undefined : createInterface({ input: process.stdin, output: process.stdout });
    if (terminal) {
      // Input that ends before an answer (no terminal, `< /dev/null`) names the value still missing.
      const ended = new Promise<undefined>((resolve) => terminal.once('close', () => resolve(undefined)));
      const ask = async (question: string, argument: string, variable: string) => {
        const answer = await Promise.race([terminal.question(question).catch(() => undefined), ended]);
        if (answer === undefined) throw new CommandInputError(argument, `no answer (the input ended); set ${variable}`);
        return answer;
      };
      operatorName ||= (await ask('平台运营方名称 (operator name): ', named.operatorName, 'SETUP_OPERATOR_NAME')).trim();
      operatorUscc ||= (await ask('平台运营方统一社会信用代码 (operator USCC): ', named.operatorUscc, 'SETUP_OPERATOR_USCC')).trim();
      if (!fromEnv) {
        username = (await ask('管理员账号 (admin username): ', named.username, 'SETUP_ADMIN_USERNAME')).trim();
        password = await ask('管理员密码 (password, at least 8 characters of three kinds): ', named.password, 'SETUP_ADMIN_PASSWORD and SETUP_ADMIN_USERNAME');
      }
      terminal.close();
    }
    const operator = checkedOperator();
    await migrateToLatest(database.knex);
    // Setup only records the operator: no bank is connected before the platform first runs.
    const institutions = new InstitutionService(database.knex, institutionStore, async () => new Set());
    const created = await createFirstAdmin(
      { transaction: transactionRunner(database.knex), users: userStore, ensureOperator: (tx, o) => institutions.ensureOperator(tx, o), hashPassword: hashingAt(config.passwordScryptLog2N) },
      { username: username!, password: password!, temporary: fromEnv, operator },
    ).catch(namingTheValue);
    console.log(`First admin "${created.username}" created.${fromEnv ? ' The password from the environment is temporary: the first login must change it.' : ''}`);
  },
  { refusal: (error) => (error instanceof DomainError ? `npm run setup refused: ${error.message}` : undefined) },
);
