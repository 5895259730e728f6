import { beforeEach, describe, expect, it } from 'vitest';
import { fakeTransactionRunner } from '../db/transaction.js';
import { FakeClock } from '../platform/clock.js';
import type { DomainError } from '../platform/errors.js';
import { hashPassword } from '../platform/password.js';
import { accountKey, AuthService } from './auth-service.js';
import { FakeLoginFailureStore } from './fake-login-failure-store.js';
import { FakeUserStore } from './fake-user-store.js';
import { TokenService } from './token-service.js';

const limits = { maxFailuresPerAccount: 2, maxFailuresPerIp: 10, windowSeconds: 600 };
let clock: FakeClock;
let failures: FakeLoginFailureStore;
let auth: AuthService;
const tokens = new TokenService('unit-test-secret-unit-test-secret-1', 3600);

beforeEach(async () => {
  clock = new FakeClock();
  failures = new FakeLoginFailureStore();
  const users = new FakeUserStore(clock);
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
    hashPassword,
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

  it('purges failures older than the window', async () => {
    await codeOf(auth.login('ccb_officer', 'x', '1.1.1.1'));
    clock.advance(601_000);
    await codeOf(auth.login('ccb_officer', 'y', '1.1.1.1'));
    expect(await auth.purgeExpiredFailures()).toBe(1);
    expect(failures.rows).toHaveLength(1);
  });
});

describe('accountKey', () => {
  it('normalises USCCs to upper case and usernames to lower case', () => {
    expect(accountKey(' 914403001922038216 ')).toBe('914403001922038216');
    expect(accountKey('9144030071526726xg')).toBe('9144030071526726XG');
    expect(accountKey('ICBC_Officer')).toBe('icbc_officer');
  });
});
