import { describe, expect, it } from 'vitest';
import type { DbOrTrx } from '../../db/database.js';
import { fakeTransactionRunner } from '../../db/transaction.js';
import { FakeClock } from '../../platform/clock.js';
import { FakeLoginFailureStore } from '../fake-login-failure-store.js';
import { FakeUserStore } from '../fake-user-store.js';
import { PasswordResetService } from './password-reset-service.js';

const tx = {} as DbOrTrx;

describe('PasswordResetService', () => {
  it('asks the database the same questions for an unknown name, a disabled account, a person and an enterprise', async () => {
    const clock = new FakeClock();
    const users = new FakeUserStore(clock);
    const person = (username: string, fields: Partial<Parameters<FakeUserStore['insert']>[1]>) =>
      users.insert(tx, { username, passwordHash: 'x', role: 'bank_officer', displayName: username, institutionId: null, enterpriseId: null, ...fields });
    await person('officer', { institutionId: 'bank1', position: 'officer', mobileEnc: 'enc:13900000001' });
    await person('firm', { role: 'enterprise', enterpriseId: 'e1', enterprisePosition: 'legal_representative' });
    const gone = await person('gone', { institutionId: 'bank1', position: 'officer', mobileEnc: 'enc:13900000003' });
    await users.setStatus(tx, gone.id, 'disabled');

    const asked: string[] = [];
    const sent: { mobile: string; deliver: boolean | undefined }[] = [];
    const counted = new Proxy(users, {
      get: (target, name, receiver) =>
        name === 'findByUsername' ? (...args: Parameters<FakeUserStore['findByUsername']>) => (asked.push('account'), target.findByUsername(...args)) : Reflect.get(target, name, receiver),
    });
    const service = new PasswordResetService({
      transaction: fakeTransactionRunner,
      users: counted,
      loginFailures: new FakeLoginFailureStore(),
      codes: { send: async (_purpose, mobile, options) => void sent.push({ mobile, deliver: options.deliver }), consume: async () => undefined },
      cipher: { decrypt: (s: string) => s.replace('enc:', '') } as never,
      enterpriseMobile: async (_tx, id) => (asked.push('enterprise'), id === 'e1' ? '13900000002' : undefined),
      endAllSessions: async () => undefined,
      hashPassword: async (p) => `hash:${p}`,
    });

    const questions: Record<string, string[]> = {};
    for (const [login, mobile] of [
      ['nobody', '13900000009'],
      ['gone', '13900000003'],
      ['officer', '13900000001'],
      ['firm', '13900000002'],
    ] as const) {
      asked.length = 0;
      await service.sendCode(login, mobile, '198.51.100.1');
      questions[login] = [...asked];
    }
    // Before, an unknown or disabled name was answered after the account's row alone.
    for (const login of Object.keys(questions)) expect(questions[login], login).toEqual(['account', 'enterprise']);
    expect(sent.map((s) => s.deliver)).toEqual([false, false, true, true]);
  });
});
