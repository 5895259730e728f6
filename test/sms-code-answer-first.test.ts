import { setTimeout as delay } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeLoginFailureStore } from '../src/auth/fake-login-failure-store.js';
import { FakeUserStore } from '../src/auth/fake-user-store.js';
import { PasswordResetService } from '../src/auth/recovery/password-reset-service.js';
import { transactionRunner } from '../src/db/transaction.js';
import { systemClock } from '../src/platform/clock.js';
import { Sm4FieldCipher } from '../src/platform/national-crypto.js';
import { SmsCodeService } from '../src/platform/sms/sms-code-service.js';
import { smsCodeStore } from '../src/platform/sms/sms-code-store.js';
import type { SmsGateway } from '../src/platform/sms/sms-gateway.js';
import { databaseForFile } from './helpers/test-database.js';
import { TEST_SM4_KEY } from './helpers/test-platform.js';

// 忘记密码 answers alike whether or not the account and the mobile belong together; with a real
// SMS provider, waiting for its round trip (or its failure) told the one that had a text sent.

const database = databaseForFile();
const cipher = new Sm4FieldCipher(Buffer.from(TEST_SM4_KEY, 'hex'));
const LIMITS = { ttlSeconds: 300, maxAttempts: 5, maxPerHour: 5, maxPerMobilePerHour: 20, maxPerIpPerHour: 1_000, minIntervalSeconds: 0 };

/** A provider that holds each text until released, or refuses it. */
class HeldGateway implements SmsGateway {
  readonly kind = 'http';
  readonly sent: string[] = [];
  private releases: (() => void)[] = [];
  constructor(private readonly failing = false) {}
  async send(mobile: string) {
    await new Promise<void>((resolve) => this.releases.push(resolve));
    if (this.failing) throw new Error('provider answered 503');
    this.sent.push(mobile);
  }
  get held() {
    return this.releases.length;
  }
  release() {
    for (const release of this.releases.splice(0)) release();
  }
}

let mobileSeq = 0;
async function setUp(gateway: HeldGateway) {
  const warnings: unknown[] = [];
  const codes = new SmsCodeService({ db: database().knex, store: smsCodeStore, gateway, clock: systemClock, limits: LIMITS, logger: { warn: (details: object) => void warnings.push(details) } });
  const users = new FakeUserStore(systemClock);
  const mobile = `1360000${String(1000 + (mobileSeq += 1))}`;
  await users.insert(undefined, { username: 'held_person', passwordHash: 'x', role: 'bank_officer', displayName: '测试', institutionId: 'i1', enterpriseId: null, mobileEnc: cipher.encrypt(mobile) });
  const resets = new PasswordResetService({
    transaction: transactionRunner(database().knex),
    users,
    loginFailures: new FakeLoginFailureStore(),
    codes,
    cipher,
    enterpriseMobile: async () => undefined,
    endAllSessions: async () => {},
    hashPassword: async (p) => p,
  });
  return { codes, resets, mobile, warnings };
}

/** 'answered' when the request is answered within two seconds, 'waiting' otherwise. */
const within = (answer: Promise<void>) => Promise.race([answer.then(() => 'answered'), delay(2_000).then(() => 'waiting')]);

describe('忘记密码 with a real SMS provider', () => {
  let gateway: HeldGateway;
  beforeEach(() => {
    gateway = new HeldGateway();
  });

  it('answers a matching pair while the provider still holds its text, as a pair that does not match; the text goes out after', async () => {
    const { codes, resets, mobile } = await setUp(gateway);
    expect(await within(resets.sendCode('held_person', '13600009999', '203.0.113.9'))).toBe('answered');
    expect(await within(resets.sendCode('held_person', mobile, '203.0.113.9'))).toBe('answered');
    expect(gateway.held).toBe(1);
    gateway.release();
    await codes.settled();
    expect(gateway.sent).toEqual([mobile]);
  });

  it('answers a matching pair alike when the provider fails, and logs the failure', async () => {
    const failing = new HeldGateway(true);
    const { codes, resets, mobile, warnings } = await setUp(failing);
    const answer = resets.sendCode('held_person', mobile, '203.0.113.10');
    expect(await within(answer)).toBe('answered');
    failing.release();
    await codes.settled();
    await expect(answer).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
  });
});
