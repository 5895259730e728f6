import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sm3Hex } from '../src/platform/national-crypto.js';
import { uniqueMobile } from './helpers/registration-code.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

// What a stranger who knows someone's mobile (an enterprise's contact mobile, its USCC as login)
// can do to that person through the SMS codes: it must not stop them registering or resetting.

interface EntityRow {
  uscc: string;
  name: string;
  legal_representative: string;
}

const OWNER = '198.51.100.20';
const STRANGER = '203.0.113.66';
const PASSWORD = 'Passw0rd!';

let platform: TestPlatform;
let free: EntityRow[];
beforeAll(async () => {
  platform = await startTestPlatform({
    TRUST_PROXY: 'true',
    SMS_CODE_MIN_INTERVAL_SECONDS: '0',
    SMS_CODE_MAX_PER_HOUR: '3',
    SMS_CODE_MAX_PER_MOBILE_PER_HOUR: '5',
  });
  free = await platform.database
    .knex('market_entities as m')
    .leftJoin('enterprises as e', 'e.uscc', 'm.uscc')
    .whereNull('e.id')
    .whereIn('m.status', ['existing', 'operating'])
    .select<EntityRow[]>('m.uscc', 'm.name', 'm.legal_representative')
    .orderBy('m.uscc');
});
afterAll(() => platform?.close());

const from = (ip: string) => ({ 'x-forwarded-for': ip });
const askRegistrationCode = (mobile: string, ip: string) => platform.api('/api/v1/enterprises/registrations/mobile-code', { body: { mobile }, headers: from(ip) });
const askResetCode = (username: string, mobile: string, ip: string) => platform.api('/api/v1/auth/password-reset/code', { body: { username, mobile }, headers: from(ip) });
const reset = (username: string, mobile: string, code: string, ip: string) =>
  platform.api('/api/v1/auth/password-reset', { body: { username, mobile, code, newPassword: 'Xyd#Reset2026?' }, headers: from(ip) });
const register = (entity: EntityRow, mobile: string, mobileCode: string, ip: string) =>
  platform.api('/api/v1/enterprises/registrations', {
    body: { uscc: entity.uscc, name: entity.name, legalRepresentative: entity.legal_representative, contactName: '联系人甲', password: PASSWORD, contactMobile: mobile, mobileCode },
    headers: from(ip),
  });
const latestCode = async (mobile: string) => {
  await platform.services.smsCodes.settled(); // 忘记密码 answers before its text goes out
  return (await platform.services.smsInbox!.latestCodeTo(mobile))!;
};
const textsTo = async (mobile: string) => Number(((await platform.database.knex('sms_simulator_messages').where({ mobile_hash: sm3Hex(mobile) }).count({ n: '*' }).first()) as { n: string | number }).n);
const take = () => {
  const entity = free.shift();
  if (!entity) throw new Error('ran out of demo entities');
  return entity;
};
const wrongOf = (code: string) => (code === '000000' ? '111111' : '000000');

describe('SMS codes against a stranger who knows the mobile', () => {
  it('a stranger using up the mobile’s hourly codes from one address does not stop its owner from registering', async () => {
    const mobile = uniqueMobile();
    const stranger = [];
    for (let i = 0; i < 4; i++) stranger.push((await askRegistrationCode(mobile, STRANGER)).status);
    expect(stranger).toEqual([202, 202, 202, 429]);

    expect((await askRegistrationCode(mobile, OWNER)).status).toBe(202);
    const ownerCode = await latestCode(mobile);
    expect((await register(take(), mobile, ownerCode, OWNER)).status).toBe(201);
  });

  it('a code verifies only for the address that asked for it; another address neither uses nor spends it', async () => {
    const mobile = uniqueMobile();
    expect((await askRegistrationCode(mobile, OWNER)).status).toBe(202);
    const ownerCode = await latestCode(mobile);
    // A stranger who asks nothing and sends guesses (or, having read it over a shoulder, the code itself).
    for (const guess of [wrongOf(ownerCode), wrongOf(ownerCode), wrongOf(ownerCode), wrongOf(ownerCode), wrongOf(ownerCode), ownerCode]) {
      const refused = await register(take(), mobile, guess, STRANGER);
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({ errors: [{ field: 'mobileCode', code: 'SMS_CODE_INVALID' }] });
    }
    // A stranger's newer code, asked from elsewhere, does not replace the owner's.
    expect((await askRegistrationCode(mobile, STRANGER)).status).toBe(202);
    expect((await register(take(), mobile, ownerCode, OWNER)).status).toBe(201);
  });

  it('忘记密码: the stranger’s codes (of a pair that matches or not) and wrong codes leave the owner’s code working', async () => {
    const mobile = uniqueMobile();
    const entity = take();
    expect((await askRegistrationCode(mobile, OWNER)).status).toBe(202);
    expect((await register(entity, mobile, await latestCode(mobile), OWNER)).status).toBe(201);

    expect((await askResetCode(entity.uscc, mobile, OWNER)).status).toBe(202);
    const ownerCode = await latestCode(mobile);
    // A code stored for a pair that does not match (nothing sent), one for the right pair (a text
    // the owner gets too), and wrong codes until the stranger's own code is dead.
    expect((await askResetCode('nobody-at-all', mobile, STRANGER)).status).toBe(202);
    expect((await askResetCode(entity.uscc, mobile, STRANGER)).status).toBe(202);
    for (let i = 0; i < 5; i++) expect((await reset(entity.uscc, mobile, wrongOf(ownerCode), STRANGER)).status).toBe(422);
    for (let i = 0; i < 5; i++) expect((await reset('nobody-at-all', mobile, ownerCode, STRANGER)).status).toBe(422);
    const dead = await reset(entity.uscc, mobile, ownerCode, STRANGER);
    expect(await dead.json()).toMatchObject({ code: 'SMS_CODE_ATTEMPTS_EXCEEDED' });

    expect((await reset(entity.uscc, mobile, ownerCode, OWNER)).status).toBe(204);
    await platform.login(entity.uscc, 'Xyd#Reset2026?');
  });

  it('many addresses together reach the mobile’s own hourly limit, which keeps the phone from being flooded', async () => {
    const mobile = uniqueMobile();
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await askRegistrationCode(mobile, `203.0.113.${100 + i}`)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    const refused = await askRegistrationCode(mobile, OWNER);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect(await refused.json()).toMatchObject({ code: 'SMS_HOURLY_LIMIT' });
    expect(await textsTo(mobile)).toBe(5);
  });

  it('the mobile’s own hourly limit counts registration and 忘记密码 codes together', async () => {
    const mobile = uniqueMobile();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await askRegistrationCode(mobile, `203.0.113.${120 + i}`)).status);
    for (let i = 0; i < 2; i++) statuses.push((await askResetCode('nobody-at-all', mobile, `203.0.113.${130 + i}`)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    // Before, each purpose had its own limit: the phone could be sent five of each an hour.
    for (const refused of [await askRegistrationCode(mobile, `203.0.113.140`), await askResetCode('nobody-at-all', mobile, `203.0.113.141`)]) {
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({ code: 'SMS_HOURLY_LIMIT' });
    }
  });
});
