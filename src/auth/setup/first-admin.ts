import type { DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import { conflict, validationError } from '../../platform/errors.js';
import type { HashPassword } from '../../platform/password.js';
import { passwordProblems } from '../../platform/password-policy.js';
import type { UserStore } from '../user-store.js';

export interface FirstAdminInput {
  username: string;
  password: string;
  /** A password that passed through the environment is temporary: the first login must change it. */
  temporary: boolean;
  /** The platform operator (平台运营方) the admin belongs to; created unless it exists. */
  operator: { name: string; uscc: string };
}

export interface FirstAdminDeps {
  transaction: TransactionRunner;
  users: UserStore;
  /** Finds or creates the operator institution, returning its id (institutions does it). */
  ensureOperator: (tx: DbOrTrx, operator: { name: string; uscc: string }) => Promise<string>;
  hashPassword: HashPassword;
}

/**
 * `npm run setup`: the platform's first admin on a fresh installation (no demo seed in
 * production), as the first person of the platform operator institution. Refused when any
 * admin exists, so it cannot be used to add a back door later: further admins are invited by
 * an existing one (people of the operator institution).
 */
export async function createFirstAdmin(deps: FirstAdminDeps, input: FirstAdminInput): Promise<{ username: string }> {
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(username)) {
    throw validationError('VALIDATION_FAILED', '账号为3–32位小写字母、数字、下划线、点或连字符，以字母开头', [{ field: 'username', code: 'INVALID_USERNAME', message: '账号格式不正确' }]);
  }
  const problems = passwordProblems(input.password, username, 'password');
  if (problems.length) throw validationError('VALIDATION_FAILED', problems.map((p) => p.message).join('；'), problems);
  const passwordHash = await deps.hashPassword(input.password);
  return deps.transaction(async (tx) => {
    await tx.raw('select pg_advisory_xact_lock(hashtext(?))', ['setup:first-admin']);
    // Platform-internal system accounts (e.g. the provincial node's sender) are disabled admins: only people count.
    if ((await deps.users.countByRole(tx, 'admin', 'active')) > 0) throw conflict('ADMIN_EXISTS', '平台已有管理员，初始化已完成；新增管理员请由现有管理员操作');
    if (await deps.users.findByUsername(tx, username)) throw conflict('USERNAME_TAKEN', '该账号已被使用');
    const operatorId = await deps.ensureOperator(tx, input.operator);
    await deps.users.insert(tx, {
      username,
      passwordHash,
      role: 'admin',
      displayName: '平台运营管理员',
      institutionId: operatorId,
      enterpriseId: null,
      position: 'institution_admin',
      mustChangePassword: input.temporary,
    });
    return { username };
  });
}
