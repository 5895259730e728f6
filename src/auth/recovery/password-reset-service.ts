import type { DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import { validationError } from '../../platform/errors.js';
import type { Sm4FieldCipher } from '../../platform/national-crypto.js';
import type { HashPassword } from '../../platform/password.js';
import { passwordProblems } from '../../platform/password-policy.js';
import type { SmsCodeService } from '../../platform/sms/sms-code-service.js';
import { accountKey } from '../auth-service.js';
import type { LoginFailureStore } from '../login-failure-store.js';
import { principalOfUser, type UserRecord } from '../user.js';
import type { UserStore } from '../user-store.js';
import type { Principal } from '../../platform/roles.js';

export interface PasswordResetDeps {
  transaction: TransactionRunner;
  users: UserStore;
  loginFailures: LoginFailureStore;
  codes: Pick<SmsCodeService, 'send' | 'consume'>;
  cipher: Sm4FieldCipher;
  /** An enterprise account's mobile is the enterprise's contact mobile (registration holds it). */
  enterpriseMobile: (tx: DbOrTrx, enterpriseId: string) => Promise<string | undefined>;
  /** Inside the reset's transaction: the new password commits only with the end of the old sessions. */
  endAllSessions: (tx: DbOrTrx, principal: Principal) => Promise<void>;
  /** Hashes a new password at the configured cost. */
  hashPassword: HashPassword;
}

/** An enterprise id no enterprise has (the nil UUID): the stand-in question for a name that names no firm. */
const NO_ENTERPRISE = '00000000-0000-0000-0000-000000000000';

/**
 * 忘记密码: the person names the account and its mobile, gets an SMS code, and sets a new
 * password with it; every session of the account ends. Whether an account or mobile exists is
 * never revealed: a request for a wrong pair is answered, counted and rate-limited as a right one,
 * and no SMS is sent; a reset for it fails as a wrong code does.
 */
export class PasswordResetService {
  constructor(private readonly deps: PasswordResetDeps) {}

  async sendCode(login: string, mobile: string, clientIp: string): Promise<void> {
    const user = await this.matching(login, mobile);
    // Counted and limited per mobile alike, so a 429 does not tell that the pair matched; answered
    // before the text goes out, so the provider's time or failure does not tell it either.
    await this.deps.codes.send('password_reset', mobile, { clientIp, deliver: user !== undefined, answerFirst: true });
  }

  /** `clientIp`: the code checked is the one this address asked for (`SmsCodeService.check`). */
  async reset(login: string, mobile: string, code: string, newPassword: string, clientIp: string): Promise<void> {
    const { transaction, users, loginFailures, codes, endAllSessions } = this.deps;
    const user = await this.matching(login, mobile);
    const problems = passwordProblems(newPassword, user?.username ?? accountKey(login), 'newPassword');
    if (problems.length) throw validationError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('；'), problems);
    // A wrong account or mobile spends no code and fails exactly like a wrong code for the mobile.
    await codes.consume('password_reset', mobile, user ? code : null, { clientIp });
    const hash = await this.deps.hashPassword(newPassword);
    await transaction(async (tx) => {
      await users.updatePassword(tx, user!.id, hash);
      await loginFailures.clearAccount(tx, user!.username);
      await endAllSessions(tx, principalOfUser(user!));
    });
  }

  /**
   * The account named, when the mobile given is its own. Every request asks the database the same
   * questions whatever the name (the account's row, then an enterprise's: the account's firm, or
   * one that does not exist), so the answer's time does not tell an unknown or disabled name from an
   * enterprise's account. Before, an unknown name was answered one query sooner.
   */
  private async matching(login: string, mobile: string): Promise<UserRecord | undefined> {
    const { transaction, users, cipher, enterpriseMobile } = this.deps;
    return transaction(async (tx) => {
      const user = await users.findByUsername(tx, accountKey(login));
      const firmMobile = await enterpriseMobile(tx, user?.enterpriseId ?? NO_ENTERPRISE);
      if (!user || user.status !== 'active') return undefined;
      const stored = user.mobileEnc ? cipher.decrypt(user.mobileEnc) : firmMobile;
      return stored === mobile ? user : undefined;
    });
  }
}
