import { beforeEach, describe, expect, it } from 'vitest';
import { fakeTransactionRunner } from '../db/transaction.js';
import { makeUscc } from '../demo/demo-city.js';
import { FakeClock } from '../platform/clock.js';
import { DomainError, unprocessable } from '../platform/errors.js';
import { Sm4FieldCipher } from '../platform/national-crypto.js';
import { hashPassword, verifyPassword } from '../platform/password.js';
import {
  EnterpriseRegistrationService,
  normalizeEntityName,
  type AccountWriter,
  type NewEnterpriseAccount,
  type RegistrationInput,
} from './enterprise-registration-service.js';
import { FakeEnterpriseStore } from './fake-enterprise-store.js';
import { FakeMarketEntityStore } from './fake-market-entity-store.js';
import type { MarketEntity } from './market-entity.js';

const cipher = new Sm4FieldCipher(Buffer.alloc(16, 7));
const entity: MarketEntity = {
  uscc: makeUscc('91', '420202', '12345678'),
  name: '黄石华兴（集团）有限公司',
  entityType: 'enterprise',
  legalRepresentative: '王伟',
  districtCode: '420202',
  status: 'existing',
  establishedOn: '2012-03-04',
  registeredCapital: '5000000.00',
  industry: null,
};
const input: RegistrationInput = {
  uscc: entity.uscc,
  name: '黄石华兴(集团)有限公司',
  legalRepresentative: '王伟',
  contactName: '李娜',
  contactMobile: '13912345678',
  password: 'Passw0rd1',
  mobileCode: '246810',
};

/** Codes as the SMS code service keeps them: one live code per mobile, spent once. */
class FakeCodes {
  readonly live = new Map<string, string>();
  async send(_purpose: string, mobile: string) {
    this.live.set(mobile, '246810');
  }
  async check(_tx: unknown, _purpose: string, mobile: string, code: string, { field = 'code' }: { field?: string }) {
    if (this.live.get(mobile) !== code) return unprocessable('SMS_CODE_INVALID', '验证码不正确', [{ field, code: 'SMS_CODE_INVALID', message: '验证码不正确' }]);
    this.live.delete(mobile);
    return undefined;
  }
}

let register: FakeMarketEntityStore;
let enterprises: FakeEnterpriseStore;
let users: AccountWriter & { rows: NewEnterpriseAccount[] };
let service: EnterpriseRegistrationService;
let codes: FakeCodes;
/** Password hashes computed: each costs about 0.1 s of a worker thread at the production cost. */
let hashes: number;
const countedHash = (password: string) => {
  hashes += 1;
  return hashPassword(password);
};

beforeEach(async () => {
  register = new FakeMarketEntityStore();
  await register.insertMany({}, [entity]);
  enterprises = new FakeEnterpriseStore(new FakeClock());
  const rows: NewEnterpriseAccount[] = [];
  users = { rows, insert: async (_tx, account) => rows.push(account) };
  codes = new FakeCodes();
  await codes.send('mobile_verification', input.contactMobile);
  hashes = 0;
  service = new EnterpriseRegistrationService({ transaction: fakeTransactionRunner, marketEntities: register, enterprises, users, cipher, codes, hashPassword: countedHash });
});

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return error instanceof DomainError ? `${error.kind}:${error.code}` : String(error);
  }
};

describe('EnterpriseRegistrationService.register', () => {
  it('creates the enterprise with the register name, an encrypted mobile and a login account', async () => {
    const view = await service.register(input, '203.0.113.7');
    expect(view).toMatchObject({ uscc: entity.uscc, name: entity.name, contactMobile: '139****5678', warnings: [] });
    const [stored] = enterprises.rows;
    expect(stored!.contactMobileEnc).not.toContain('13912345678');
    expect(cipher.decrypt(stored!.contactMobileEnc)).toBe('13912345678');
    const [user] = users.rows;
    expect(user).toMatchObject({ username: entity.uscc, role: 'enterprise', enterpriseId: stored!.id, enterprisePosition: 'legal_representative' });
    expect(await verifyPassword('Passw0rd1', user!.passwordHash)).toBe(true);
  });

  it('gives each verification failure its own code, told to a valid code, which each answer spends', async () => {
    const wrongCheck = entity.uscc.slice(0, 17) + (entity.uscc.endsWith('0') ? '1' : '0');
    expect(await codeOf(service.register({ ...input, uscc: wrongCheck }, '203.0.113.7'))).toBe('validation:USCC_CHECK_DIGIT');
    const withFreshCode = async (attempt: RegistrationInput) => {
      await codes.send('mobile_verification', input.contactMobile);
      const answer = await codeOf(service.register(attempt, '203.0.113.7'));
      expect(codes.live.has(input.contactMobile)).toBe(false);
      return answer;
    };
    expect(await withFreshCode({ ...input, uscc: makeUscc('91', '420202', '87654321') })).toBe('unprocessable:ENTITY_NOT_IN_REGISTER');
    expect(await withFreshCode({ ...input, name: '黄石华兴有限公司' })).toBe('unprocessable:ENTITY_NAME_MISMATCH');
    expect(await withFreshCode({ ...input, legalRepresentative: '王伟伟' })).toBe('unprocessable:LEGAL_REPRESENTATIVE_MISMATCH');
    register.rows.set(entity.uscc, { ...entity, status: 'cancelled' });
    expect(await withFreshCode(input)).toBe('unprocessable:ENTITY_NOT_ACTIVE');
    expect(enterprises.rows).toHaveLength(0);
    expect(users.rows).toHaveLength(0);
  });

  it('says nothing of the register to a wrong code: a match and every mismatch are answered alike', async () => {
    const wrong = { ...input, mobileCode: '999999' };
    const answers = await Promise.all(
      [wrong, { ...wrong, uscc: makeUscc('91', '420202', '87654321') }, { ...wrong, name: '黄石华兴有限公司' }, { ...wrong, legalRepresentative: '王伟伟' }].map((attempt) =>
        service.register(attempt, '203.0.113.7').catch((e: DomainError) => ({ status: e.kind, code: e.code, message: e.message, errors: e.errors })),
      ),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ code: 'SMS_CODE_INVALID', errors: [{ field: 'mobileCode' }] });
  });

  it('refuses a wrong mobile code with 422 on mobileCode and creates nothing; the right code is spent by success', async () => {
    const failure = await service.register({ ...input, mobileCode: '999999' }, '203.0.113.7').catch((e: DomainError) => e);
    expect(failure).toMatchObject({ code: 'SMS_CODE_INVALID', errors: [{ field: 'mobileCode' }] });
    expect(enterprises.rows).toHaveLength(0);
    await service.register(input, '203.0.113.7');
    expect(codes.live.has(input.contactMobile)).toBe(false);
  });

  it('hashes a password only for a request whose code held and which creates the account', async () => {
    expect(await codeOf(service.register({ ...input, mobileCode: '999999' }, '203.0.113.7'))).toBe('unprocessable:SMS_CODE_INVALID');
    expect(await codeOf(service.register({ ...input, name: '黄石华兴有限公司' }, '203.0.113.7'))).toBe('unprocessable:ENTITY_NAME_MISMATCH');
    expect(hashes).toBe(0);
    await codes.send('mobile_verification', input.contactMobile);
    await service.register(input, '203.0.113.7');
    expect(hashes).toBe(1);
  });

  it('refuses a second registration with 409, told only to a valid code, which the answer spends', async () => {
    await service.register(input, '203.0.113.7');
    await codes.send('mobile_verification', input.contactMobile);
    expect(await codeOf(service.register({ ...input, mobileCode: '999999' }, '203.0.113.7'))).toBe('unprocessable:SMS_CODE_INVALID');
    expect(await codeOf(service.register(input, '203.0.113.7'))).toBe('conflict:ENTERPRISE_ALREADY_REGISTERED');
    expect(codes.live.has(input.contactMobile)).toBe(false);
    expect(users.rows).toHaveLength(1);
  });
});

describe('normalizeEntityName', () => {
  it('treats half- and full-width brackets and spaces alike', () => {
    expect(normalizeEntityName(' 黄石华兴 (集团)有限公司')).toBe(normalizeEntityName('黄石华兴（集团）有限公司'));
  });
});
