import { beforeEach, describe, expect, it } from 'vitest';
import { fakeTransactionRunner } from '../db/transaction.js';
import { FakeClock } from '../platform/clock.js';
import type { DomainError } from '../platform/errors.js';
import { hashPassword, verifyPassword } from '../platform/password.js';
import { accountKey, AuthService } from './auth-service.js';
import { FakeLoginFailureStore } from './fake-login-failure-store.js';
import { FakeUserStore } from './fake-user-store.js';
import { TokenService } from './token-service.js';

const limits = { maxFailuresPerAccountAndIp: 2, maxFailuresPerAccount: 4, maxFailuresPerIp: 10, windowSeconds: 600 };
let clock: FakeClock;
let failures: FakeLoginFailureStore;
let auth: AuthService;
let users: FakeUserStore;
/** The stored hashes each login checked a password against (the real check, recorded). */
let checked: string[];
const tokens = new TokenService('unit-test-secret-unit-test-secret-1', 3600);

beforeEach(async () => {
  clock = new FakeClock();
  failures = new FakeLoginFailureStore();
  users = new FakeUserStore(clock);
  checked = [];
  await users.insert({}, {
    username: 'ccb_officer',
    passwordHash: await hashPassword('Demo@2026'),
    role: 'bank_officer',
    displayName: '建行',
    institutionId: 'inst-1',
    enterpriseId: null,
  });
  auth = new AuthService({
    transaction: fakeTransactionRunner,
    users,
    loginFailures: failures,
    setupSteps: { listDone: async () => [], record: async () => undefined },
    institutions: { findById: async () => undefined },
    institutionActive: async () => true,
    startSession: async (principal) => ({
      accessToken: tokens.issue(principal, 0),
      tokenType: 'Bearer',
      expiresIn: tokens.ttlSeconds,
      refreshToken: 'rt_unit',
      refreshExpiresIn: 60,
      role: principal.role,
      passwordChangeRequired: principal.mustChangePassword === true,
    }),
    endAllSessions: async () => undefined,
    hashPassword: (password) => hashPassword(password, 12),
    verifyPassword: (password, stored) => {
      checked.push(stored);
      return verifyPassword(password, stored);
    },
    clock,
    limits,
    enterpriseView: async () => {
      throw new Error('not an enterprise');
    },
  });
});

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: DomainError) => e.code);

describe('AuthService.login', () => {
  it('issues a token carrying role and institution', async () => {
    const grant = await auth.login('CCB_Officer', 'Demo@2026', '1.1.1.1');
    expect(tokens.verify(grant.accessToken).principal).toMatchObject({ role: 'bank_officer', institutionId: 'inst-1', enterpriseId: null });
  });

  it('locks the account after the limit and unlocks when the window has passed', async () => {
    expect(await codeOf(auth.login('ccb_officer', 'x', '1.1.1.1'))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(auth.login('ccb_officer', 'y', '1.1.1.1'))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(auth.login('ccb_officer', 'Demo@2026', '1.1.1.1'))).toBe('LOGIN_RATE_LIMITED');
    clock.advance(601_000);
    expect(await codeOf(auth.login('ccb_officer', 'Demo@2026', '1.1.1.1'))).toBe('ok');
  });

  it("locks the account at the failing address only, and everywhere once failures from all addresses reach the account's limit", async () => {
    const fail = async (ip: string) => expect(await codeOf(auth.login('ccb_officer', 'x', ip))).toBe('INVALID_CREDENTIALS');
    await fail('9.9.9.1');
    await fail('9.9.9.1');
    expect(await codeOf(auth.login('ccb_officer', 'Demo@2026', '9.9.9.1'))).toBe('LOGIN_RATE_LIMITED');
    expect(await codeOf(auth.login('ccb_officer', 'Demo@2026', '1.1.1.1'))).toBe('ok');

    for (const ip of ['9.9.9.2', '9.9.9.2', '9.9.9.3', '9.9.9.3']) await fail(ip);
    expect(await codeOf(auth.login('ccb_officer', 'Demo@2026', '1.1.1.1'))).toBe('LOGIN_RATE_LIMITED');
  });

  it('purges failures older than the window', async () => {
    await codeOf(auth.login('ccb_officer', 'x', '1.1.1.1'));
    clock.advance(601_000);
    await codeOf(auth.login('ccb_officer', 'y', '1.1.1.1'));
    expect(await auth.purgeExpiredFailures()).toBe(1);
    expect(failures.rows).toHaveLength(1);
  });
});

describe('accountKey', () => {
  it('checks a password against a hash of the configured cost for an account that does not exist or is disabled, as for one that does', async () => {
    const [officer] = users.rows;
    expect(await codeOf(auth.login('ccb_officer', 'Wrong@2026', '1.1.1.1'))).toBe('INVALID_CREDENTIALS');
    expect(checked).toEqual([officer!.passwordHash]);

    expect(await codeOf(auth.login('no_such_user', 'Demo@2026', '1.1.1.2'))).toBe('INVALID_CREDENTIALS');
    await users.setStatus({}, officer!.id, 'disabled');
    expect(await codeOf(auth.login('ccb_officer', 'Demo@2026', '1.1.1.3'))).toBe('INVALID_CREDENTIALS');
    // Both checked a stand-in made at the configured cost (2^12 here), the same one each time.
    expect(checked).toHaveLength(3);
    expect(checked[1]).toMatch(/^scrypt\$4096\$/);
    expect(checked[2]).toBe(checked[1]);
  });

  it('makes the stand-in hash again after a making that failed (the hashing gate busy), instead of failing every later login', async () => {
    let refuse = true;
    const busyOnce = new AuthService({
      ...(auth as unknown as { deps: ConstructorParameters<typeof AuthService>[0] }).deps,
      hashPassword: async (password) => {
        if (refuse) {
          refuse = false;
          throw new Error('busy');
        }
        return hashPassword(password, 10);
      },
    });
    await expect(busyOnce.login('no_such_user', 'Demo@2026', '1.1.1.4')).rejects.toThrow('busy');
    expect(await codeOf(busyOnce.login('no_such_user', 'Demo@2026', '1.1.1.4'))).toBe('INVALID_CREDENTIALS');
  });

  it('normalises USCCs to upper case and usernames to lower case', () => {
    expect(accountKey(' 914403001922038216 ')).toBe('914403001922038216');
    expect(accountKey('9144030071526726xg')).toBe('9144030071526726XG');
    expect(accountKey('ICBC_Officer')).toBe('icbc_officer');
  });
});
