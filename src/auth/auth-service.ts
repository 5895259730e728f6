import { randomBytes } from 'node:crypto';
import type { DbOrTrx } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { EnterpriseView } from '../enterprises/enterprise.js';
import { normalizeUscc, validateUscc } from '../platform/uscc.js';
import type { Institution } from '../institutions/institution.js';
import type { InstitutionService } from '../institutions/institution-service.js';
import type { Clock } from '../platform/clock.js';
import { forbidden, notFound, rateLimited, unauthenticated, unprocessableField, validationError } from '../platform/errors.js';
import type { HashPassword, VerifyPassword } from '../platform/password.js';
import { passwordProblems } from '../platform/password-policy.js';
import type { InstitutionPosition, Principal, Role } from '../platform/roles.js';
import type { LoginFailureStore } from './login-failure-store.js';
import type { SetupStep } from './setup-step.js';
import type { SetupStepStore } from './setup-step-store.js';
import type { TokenGrant } from './session-service.js';
import type { UserStore } from './user-store.js';
import { principalOfUser } from './user.js';

/**
 * Failed logins allowed in the window. An account's login name may be public (a USCC), so the low
 * limit is per account and client address: a stranger's failures lock only the stranger out. The
 * account-wide limit, across every address, is much higher and stops guessing spread over many
 * addresses; the per-address limit, across every account, stops one address trying many accounts.
 */
export interface LoginLimits {
  maxFailuresPerAccountAndIp: number;
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
}

export interface AuthDeps {
  transaction: TransactionRunner;
  users: UserStore;
  loginFailures: LoginFailureStore;
  setupSteps: SetupStepStore;
  institutions: Pick<InstitutionService, 'findById'>;
  /** False for a suspended institution: its people cannot sign in. */
  institutionActive: (institutionId: string) => Promise<boolean>;
  /** Starts a session (access + refresh token) for a user who proved who they are. */
  startSession: (principal: Principal) => Promise<TokenGrant>;
  /** Ends every session of the user (after a password change). */
  /** Inside the caller's transaction: the sessions end only with the change that ends them. */
  endAllSessions: (tx: DbOrTrx, principal: Principal) => Promise<void>;
  clock: Clock;
  limits: LoginLimits;
  /** Reads the enterprise's own view (masked contact data) for `/me`. */
  enterpriseView: (tx: DbOrTrx, enterpriseId: string) => Promise<EnterpriseView>;
  /** Hashes a new password at the configured cost. */
  hashPassword: HashPassword;
  verifyPassword: VerifyPassword;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  position: InstitutionPosition | null;
  passwordChangeRequired: boolean;
  institution: Institution | null;
  enterprise: EnterpriseView | null;
  /** 开始使用 steps the institution recorded as done. */
  setupStepsDone: SetupStep[];
}

/** A USCC typed in lower case or with spaces is the same account. */
export function accountKey(login: string): string {
  const trimmed = login.trim();
  return validateUscc(trimmed).ok ? normalizeUscc(trimmed) : trimmed.toLowerCase();
}

export class AuthService {
  /** See `standInHash`. */
  private standIn: Promise<string> | undefined;

  constructor(private readonly deps: AuthDeps) {}

  /**
   * A hash at the configured cost, checked instead of an account's when the account does not
   * exist or cannot log in: such a login then takes as long as one with a wrong password, so the
   * answer's timing does not tell whether an account exists. Made once, on first need; a making
   * that failed (the hashing gate busy) is not kept, so the next login makes it again.
   */
  private standInHash(): Promise<string> {
    return (this.standIn ??= this.deps.hashPassword(randomBytes(16).toString('base64')).catch((error: unknown) => {
      this.standIn = undefined;
      throw error;
    }));
  }

  /**
   * Password login. Failed attempts are counted per account and client IP, per account and per
   * client IP over a sliding window (`LoginLimits`); past any limit the login is refused (429)
   * before the password is even checked.
   */
  async login(login: string, password: string, ip: string): Promise<TokenGrant> {
    const { transaction, users, loginFailures, startSession, clock, limits } = this.deps;
    const key = accountKey(login);
    const now = clock.now();
    const since = new Date(now.getTime() - limits.windowSeconds * 1000);

    const user = await transaction(async (tx) => {
      await this.assertNotLocked(tx, key, ip, since);
      return users.findByUsername(tx, key);
    });

    const usable = user !== undefined && user.status === 'active';
    const matches = await this.deps.verifyPassword(password, usable ? user.passwordHash : await this.standInHash());
    const valid = usable && matches;
    if (!user || !valid) {
      await transaction((tx) => loginFailures.record(tx, key, ip, now));
      throw unauthenticated('INVALID_CREDENTIALS', '账号或密码错误');
    }
    await transaction(async (tx) => {
      await loginFailures.clearAccount(tx, key);
      await users.recordLogin(tx, user.id, now);
    });
    if (user.institutionId && !(await this.deps.institutionActive(user.institutionId))) {
      throw forbidden('INSTITUTION_SUSPENDED', '所属机构已停用，请联系平台运营人员');
    }
    return startSession(principalOfUser(user));
  }

  /**
   * 修改密码: the current password is checked like a login (failures count towards the same
   * lockout), the new one against the password rules. Every other session of the user ends; the
   * caller gets a fresh one.
   */
  async changePassword(principal: Principal, currentPassword: string, newPassword: string, ip: string): Promise<TokenGrant> {
    const { transaction, users, loginFailures, clock, limits, startSession, endAllSessions } = this.deps;
    if (principal.clientId !== undefined) throw forbidden('ROLE_FORBIDDEN', '机器客户端没有密码');
    const now = clock.now();
    const user = await transaction((tx) => users.findById(tx, principal.userId));
    if (!user || user.status !== 'active') throw unauthenticated('ACCOUNT_UNAVAILABLE', '账号不存在或已停用');
    const key = accountKey(user.username);
    await transaction((tx) => this.assertNotLocked(tx, key, ip, new Date(now.getTime() - limits.windowSeconds * 1000)));
    if (!(await this.deps.verifyPassword(currentPassword, user.passwordHash))) {
      await transaction((tx) => loginFailures.record(tx, key, ip, now));
      throw unprocessableField('CURRENT_PASSWORD_WRONG', 'currentPassword', '当前密码不正确');
    }
    const problems =
      newPassword === currentPassword
        ? [{ field: 'newPassword', code: 'PASSWORD_UNCHANGED', message: '新密码不能与当前密码相同' }]
        : passwordProblems(newPassword, user.username, 'newPassword');
    if (problems.length) throw validationError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('；'), problems);
    const hash = await this.deps.hashPassword(newPassword);
    await transaction(async (tx) => {
      await users.updatePassword(tx, user.id, hash);
      await endAllSessions(tx, principal);
    });
    return startSession(principalOfUser({ ...user, mustChangePassword: false }));
  }

  private async assertNotLocked(tx: DbOrTrx, key: string, ip: string, since: Date): Promise<void> {
    const { loginFailures, limits } = this.deps;
    const byPair = await loginFailures.countSince(tx, { accountKey: key, ip }, since);
    const byAccount = await loginFailures.countSince(tx, { accountKey: key }, since);
    const byIp = await loginFailures.countSince(tx, { ip }, since);
    if (byPair >= limits.maxFailuresPerAccountAndIp || byAccount >= limits.maxFailuresPerAccount || byIp >= limits.maxFailuresPerIp) {
      throw rateLimited('LOGIN_RATE_LIMITED', '登录失败次数过多，请稍后再试', limits.windowSeconds);
    }
  }

  /** Failures older than the counting window no longer matter; the scheduler purges them daily. */
  async purgeExpiredFailures(): Promise<number> {
    const { transaction, loginFailures, clock, limits } = this.deps;
    const before = new Date(clock.now().getTime() - limits.windowSeconds * 1000);
    return transaction((tx) => loginFailures.deleteBefore(tx, before));
  }

  /**
   * 开始使用: the workbench found these steps done in the institution's data; they are listed in
   * `me` from now on and not read again. Only a hint card depends on them.
   */
  async recordSetupSteps(principal: Principal, steps: readonly SetupStep[]): Promise<void> {
    const { transaction, setupSteps, clock } = this.deps;
    if (principal.clientId !== undefined || !principal.institutionId) throw forbidden('ROLE_FORBIDDEN', '只有机构人员可以记录开始使用步骤');
    await transaction((tx) => setupSteps.record(tx, principal.institutionId!, steps, clock.now()));
  }

  async me(principal: Principal): Promise<Me> {
    const { transaction, users, institutions, enterpriseView, setupSteps } = this.deps;
    return transaction(async (tx) => {
      const user = await users.findById(tx, principal.userId);
      if (!user || user.status !== 'active') throw unauthenticated('ACCOUNT_UNAVAILABLE', '账号不存在或已停用');
      const institution = user.institutionId ? await institutions.findById(tx, user.institutionId) : undefined;
      if (user.institutionId && !institution) throw notFound('INSTITUTION_NOT_FOUND', '所属机构不存在');
      return {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        position: user.position,
        ...(user.enterprisePosition ? { enterprisePosition: user.enterprisePosition } : {}),
        passwordChangeRequired: user.mustChangePassword,
        institution: institution ?? null,
        enterprise: user.enterpriseId ? await enterpriseView(tx, user.enterpriseId) : null,
        setupStepsDone: institution ? await setupSteps.listDone(tx, institution.id) : [],
      };
    });
  }
}
