import type { Config } from '../config.js';
import type { Db, DbOrTrx } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { InstitutionService } from '../institutions/institution-service.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Sm4FieldCipher } from '../platform/national-crypto.js';
import type { SmsGateway } from '../platform/sms/sms-gateway.js';
import { SmsCodeService } from '../platform/sms/sms-code-service.js';
import { smsCodeStore } from '../platform/sms/sms-code-store.js';
import { AuthService, type AuthDeps } from './auth-service.js';
import { ClientCredentialService } from './client-credential-service.js';
import { clientCredentialStore } from './client-credential-store.js';
import { EnterpriseStaffService } from './enterprise-staff/enterprise-staff-service.js';
import { loginFailureStore } from './login-failure-store.js';
import { setupStepStore } from './setup-step-store.js';
import { NotificationRecipients } from './notification-recipients.js';
import { invitationStore } from './people/invitation-store.js';
import { PeopleService } from './people/people-service.js';
import { usernameConflictStore } from './username-conflict-store.js';
import { UsernameConflicts } from './username-conflicts.js';
import { PasswordResetService } from './recovery/password-reset-service.js';
import { SessionService } from './session-service.js';
import { sessionStore } from './session-store.js';
import { TokenService } from './token-service.js';
import { userStore } from './user-store.js';
import type { HashPassword, VerifyPassword } from '../platform/password.js';

export interface AuthModule {
  tokens: TokenService;
  sessions: SessionService;
  auth: AuthService;
  clientCredentials: ClientCredentialService;
  people: PeopleService;
  enterpriseStaff: EnterpriseStaffService;
  passwordResets: PasswordResetService;
  smsCodes: SmsCodeService;
  /** The notifications' RecipientDirectory over the accounts. */
  recipients: NotificationRecipients;
}

export interface AuthContext {
  config: Config;
  db: Db;
  transaction: TransactionRunner;
  clock: Clock;
  logger: Logger;
  cipher: Sm4FieldCipher;
  sms: SmsGateway;
  institutions: InstitutionService;
  /** Registration (enterprises) holds the enterprise's own view and its contact mobile. */
  enterpriseView: AuthDeps['enterpriseView'];
  enterpriseMobile(tx: DbOrTrx, enterpriseId: string): Promise<string | undefined>;
  hashPassword: HashPassword;
  /** Checks a password against its stored hash (through the same gate as `hashPassword`). */
  verifyPassword: VerifyPassword;
}

/** The accounts feature's composition (sessions, sign-in, people, recovery, machine clients): built once by src/services.ts. */
export function createAuth({ config, db, transaction, clock, logger, cipher, sms, institutions, enterpriseView, enterpriseMobile, hashPassword, verifyPassword }: AuthContext): AuthModule {
  const tokens = new TokenService(config.jwt.secret, config.jwt.ttlSeconds);
  const smsCodes = new SmsCodeService({ db, store: smsCodeStore, gateway: sms, clock, limits: config.sms.codes, logger });
  const institutionActive = (id: string) => institutions.isActive(id);
  const sessions = new SessionService({
    db,
    store: sessionStore,
    users: userStore,
    tokens,
    clock,
    options: config.sessions,
    institutionActive,
    clientSecretLive: (secretId) => clientCredentialStore.secretLive(db, secretId),
  });
  const endAllSessions: AuthDeps['endAllSessions'] = (tx, principal) => sessions.endAllWithin(tx, principal.userId);
  const auth = new AuthService({
    transaction,
    users: userStore,
    loginFailures: loginFailureStore,
    setupSteps: setupStepStore,
    institutions,
    institutionActive,
    startSession: (principal) => sessions.start(principal),
    endAllSessions,
    clock,
    limits: config.loginLimits,
    enterpriseView,
    hashPassword,
    verifyPassword,
  });
  const clientCredentials = new ClientCredentialService({
    db,
    transaction,
    store: clientCredentialStore,
    tokens,
    clock,
    tokenTtlSeconds: config.jwt.clientTtlSeconds,
    roleOf: (institutionId) => institutions.machineClientRole(institutionId),
    secretRevoked: (secretId) => sessions.forgetClientSecret(secretId),
  });
  const usernameConflicts = new UsernameConflicts({ db, store: usernameConflictStore, users: userStore, invitations: invitationStore, clock, limit: config.usernameConflictLimit });
  const people = new PeopleService({
    transaction,
    users: userStore,
    invitations: invitationStore,
    institutions,
    cipher,
    clock,
    invitationTtlHours: config.invitationTtlHours,
    endSessions: endAllSessions,
    hashPassword,
    usernameConflicts,
  });
  const passwordResets = new PasswordResetService({
    transaction,
    users: userStore,
    loginFailures: loginFailureStore,
    codes: smsCodes,
    cipher,
    enterpriseMobile,
    endAllSessions,
    hashPassword,
  });
  const enterpriseStaff = new EnterpriseStaffService({ transaction, usernameConflicts, users: userStore, cipher, endSessions: endAllSessions, hashPassword });
  const recipients = new NotificationRecipients({ users: userStore, cipher, enterpriseMobile });
  return { tokens, sessions, auth, clientCredentials, people, enterpriseStaff, passwordResets, smsCodes, recipients };
}
