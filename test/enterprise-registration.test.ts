import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../src/demo/demo-city.js';
import { usccCheckChar } from '../src/platform/uscc.js';
import { Sm4FieldCipher } from '../src/platform/national-crypto.js';
import { uniqueMobile, verifiedMobile } from './helpers/registration-code.js';
import { hasPostgres } from './helpers/test-database.js';
import { startTestPlatform, TEST_SM4_KEY, type TestPlatform } from './helpers/test-platform.js';

interface EntityRow {
  uscc: string;
  name: string;
  legal_representative: string;
  status: string;
  entity_type: string;
}

let platform: TestPlatform;
let free: EntityRow[];

/** A registration with a freshly verified contact mobile (its own mobile each call). */
const body = async (e: EntityRow, overrides: Record<string, unknown> = {}) => ({
  uscc: e.uscc,
  name: e.name,
  legalRepresentative: e.legal_representative,
  contactName: '联系人甲',
  password: 'Passw0rd!',
  ...(await verifiedMobile(platform)),
  ...overrides,
});

beforeAll(async () => {
  platform = await startTestPlatform();
  // Active entities nobody has registered yet; each test takes its own.
  free = await platform.database
    .knex('market_entities as m')
    .leftJoin('enterprises as e', 'e.uscc', 'm.uscc')
    .whereNull('e.id')
    .whereIn('m.status', ['existing', 'operating'])
    .select<EntityRow[]>('m.uscc', 'm.name', 'm.legal_representative', 'm.status', 'm.entity_type')
    .orderBy('m.uscc');
});
afterAll(() => platform.close());

const take = () => {
  const entity = free.shift();
  if (!entity) throw new Error('ran out of demo entities');
  return entity;
};

describe('POST /api/v1/enterprises/registrations', () => {
  it('registers a verified enterprise, masks the mobile and stores it SM4-encrypted', async () => {
    const entity = take();
    const res = await platform.api('/api/v1/enterprises/registrations', { body: await body(entity, await verifiedMobile(platform, '13812341234')) });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, unknown>;
    expect(created).toMatchObject({ uscc: entity.uscc, name: entity.name, contactMobile: '138****1234', warnings: [] });

    const row = await platform.database.knex('enterprises').where({ uscc: entity.uscc }).first();
    expect(row.contact_mobile_enc).toMatch(/^sm4k:k1:/);
    expect(JSON.stringify(row)).not.toContain('13812341234');
    expect(new Sm4FieldCipher(Buffer.from(TEST_SM4_KEY, 'hex')).decrypt(row.contact_mobile_enc)).toBe('13812341234');

    const token = await platform.login(entity.uscc, 'Passw0rd!');
    const me = await platform.api('/api/v1/me', { token });
    expect(await me.json()).toMatchObject({ role: 'enterprise', enterprise: { uscc: entity.uscc, contactMobile: '138****1234' } });
  });

  it('accepts a lower-case USCC with spaces (normalised) and a name typed with half-width brackets', async () => {
    const entity = take();
    const res = await platform.api('/api/v1/enterprises/registrations', {
      body: await body(entity, { uscc: `  ${entity.uscc.toLowerCase()} ` }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { uscc: string }).uscc).toBe(entity.uscc);
  });

  it.each([
    ['wrong check digit', (u: string) => u.slice(0, 17) + (u.endsWith('1') ? '2' : '1'), 'USCC_CHECK_DIGIT'],
    ['letter O', (u: string) => `${u.slice(0, 10)}O${u.slice(11)}`, 'USCC_CHARSET'],
    ['17 characters', (u: string) => u.slice(0, 17), 'USCC_LENGTH'],
    ['19 characters', (u: string) => `${u}1`, 'USCC_LENGTH'],
  ])('rejects a USCC with %s on the uscc field (400)', async (_label, mutate, code) => {
    const entity = free[0]!;
    const res = await platform.api('/api/v1/enterprises/registrations', { body: await body(entity, { uscc: mutate(entity.uscc) }) });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { field: string; code: string }[] };
    expect(problem.errors).toContainEqual(expect.objectContaining({ field: 'uscc', code }));
  });

  it('refuses a valid USCC that is not in the market-entity register (422)', async () => {
    const res = await platform.api('/api/v1/enterprises/registrations', {
      body: await body(free[0]!, { uscc: makeUscc('91', '420202', '99999999') }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'ENTITY_NOT_IN_REGISTER', errors: [{ field: 'uscc' }, { field: 'mobileCode', code: 'SMS_CODE_SPENT' }] });
  });

  it('refuses a name that does not match the register (422)', async () => {
    const res = await platform.api('/api/v1/enterprises/registrations', { body: await body(free[0]!, { name: '别的公司名称有限公司' }) });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'ENTITY_NAME_MISMATCH', errors: [{ field: 'name' }, { field: 'mobileCode', code: 'SMS_CODE_SPENT' }] });
  });

  it('refuses a legal representative who does not match the register (422)', async () => {
    const res = await platform.api('/api/v1/enterprises/registrations', { body: await body(free[0]!, { legalRepresentative: '某某某' }) });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'LEGAL_REPRESENTATIVE_MISMATCH', errors: [{ field: 'legalRepresentative' }, { field: 'mobileCode', code: 'SMS_CODE_SPENT' }] });
  });

  it('refuses an entity that is not active (吊销/注销/迁出) (422)', async () => {
    const inactive = await platform.database
      .knex('market_entities')
      .whereIn('status', ['revoked', 'cancelled', 'moved_out'])
      .first<EntityRow>();
    const res = await platform.api('/api/v1/enterprises/registrations', { body: await body(inactive) });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'ENTITY_NOT_ACTIVE' });
  });

  it('refuses a second registration of the same USCC (409)', async () => {
    const entity = take();
    expect((await platform.api('/api/v1/enterprises/registrations', { body: await body(entity) })).status).toBe(201);
    const again = await platform.api('/api/v1/enterprises/registrations', { body: await body(entity) });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'ENTERPRISE_ALREADY_REGISTERED' });
  });

  it('does not tell an outsider without a valid SMS code that a USCC is registered', async () => {
    const entity = take();
    expect((await platform.api('/api/v1/enterprises/registrations', { body: await body(entity) })).status).toBe(201);
    const probe = await platform.api('/api/v1/enterprises/registrations', { body: { ...(await body(entity)), mobileCode: '000000' } });
    expect(probe.status).toBe(422);
    expect(await probe.json()).toMatchObject({ code: 'SMS_CODE_INVALID', errors: [{ field: 'mobileCode' }] });
  });

  it('does not tell anyone without a valid SMS code whether a name or legal representative matches a USCC', async () => {
    const entity = free[0]!;
    const probe = async (overrides: Record<string, unknown>) => {
      const res = await platform.api('/api/v1/enterprises/registrations', { body: { ...(await body(entity, overrides)), mobileCode: '000000' } });
      const { requestId: _id, ...answer } = (await res.json()) as Record<string, unknown>;
      return { status: res.status, ...answer };
    };
    const matching = await probe({});
    expect(matching).toMatchObject({ status: 422, code: 'SMS_CODE_INVALID', errors: [{ field: 'mobileCode' }] });
    expect(await probe({ name: '别的公司名称有限公司' })).toEqual(matching);
    expect(await probe({ legalRepresentative: '某某某' })).toEqual(matching);
    expect(await probe({ uscc: makeUscc('91', '420202', '99999999') })).toEqual(matching);
  });

  it('spends the code on a mismatch it reveals, so one code tests one guess', async () => {
    const entity = free[0]!;
    const attempt = await body(entity, { name: '别的公司名称有限公司' });
    const mismatch = await platform.api('/api/v1/enterprises/registrations', { body: attempt });
    expect(mismatch.status).toBe(422);
    const problem = (await mismatch.json()) as { code: string; errors: { field: string; code: string }[] };
    expect(problem.code).toBe('ENTITY_NAME_MISMATCH');
    expect(problem.errors.map((e) => e.field)).toEqual(['name', 'mobileCode']);
    const again = await platform.api('/api/v1/enterprises/registrations', { body: { ...attempt, name: entity.name } });
    expect(again.status).toBe(422);
    expect(await again.json()).toMatchObject({ code: 'SMS_CODE_INVALID', errors: [{ field: 'mobileCode' }] });
  });

  it('stores the embedded organisation-code warning and still registers', async () => {
    const first17 = '91420202123456782'; // org body 12345678 has check char 8, not 2
    const uscc = first17 + usccCheckChar(first17);
    await platform.database.knex('market_entities').insert({
      uscc,
      name: '黄石警示测试有限公司',
      entity_type: 'enterprise',
      legal_representative: '张三',
      district_code: '420202',
      status: 'existing',
      established_on: '2010-01-01',
      registered_capital: '1000000.00',
    });
    const res = await platform.api('/api/v1/enterprises/registrations', {
      body: await body({ uscc, name: '黄石警示测试有限公司', legal_representative: '张三', status: 'existing', entity_type: 'enterprise' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ warnings: [{ code: 'USCC_ORG_CODE_CHECK_DIGIT' }] });
    const row = await platform.database.knex('enterprises').where({ uscc }).first();
    expect(row.uscc_warnings).toEqual([expect.objectContaining({ code: 'USCC_ORG_CODE_CHECK_DIGIT' })]);
  });

  it('names every bad field at once', async () => {
    const res = await platform.api('/api/v1/enterprises/registrations', {
      body: { uscc: 'abc', name: '', legalRepresentative: '李四', contactName: '', contactMobile: '12', password: 'short', extra: 1 },
    });
    expect(res.status).toBe(400);
    const fields = ((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(new Set(fields)).toEqual(new Set(['uscc', 'name', 'contactName', 'contactMobile', 'mobileCode', 'password', 'extra']));
  });

  it.each([
    ['Password1', 'PASSWORD_TOO_COMMON'],
    ['onlylower12', 'PASSWORD_TOO_WEAK'],
    ['Ab1!', 'PASSWORD_TOO_SHORT'],
    ['{uscc}Aa', 'PASSWORD_CONTAINS_USERNAME'],
  ])('refuses the password %s (%s) with a Chinese message naming the field', async (password, code) => {
    const entity = take();
    const res = await platform.api('/api/v1/enterprises/registrations', { body: await body(entity, { password: password.replace('{uscc}', entity.uscc) }) });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { field: string; code: string; message: string }[] };
    expect(problem.errors).toEqual([{ field: 'password', code, message: expect.stringMatching(/密码/) }]);
  });

  it('refuses a missing, wrong, foreign, expired or spent SMS code with 422 on mobileCode, and registers nothing', async () => {
    const entity = take();
    const refused = async (payload: Record<string, unknown>, code: string) => {
      const res = await platform.api('/api/v1/enterprises/registrations', { body: payload });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code, errors: [{ field: 'mobileCode', code }] });
    };
    // Never requested for this mobile.
    await refused({ ...(await body(entity)), contactMobile: '13700000001', mobileCode: '123456' }, 'SMS_CODE_INVALID');
    const verified = await verifiedMobile(platform);
    const wrong = String((Number(verified.mobileCode) + 1) % 1_000_000).padStart(6, '0');
    await refused(await body(entity, { ...verified, mobileCode: wrong }), 'SMS_CODE_INVALID');
    // A code sent to one mobile does not verify another.
    await refused(await body(entity, { mobileCode: verified.mobileCode }), 'SMS_CODE_INVALID');
    const expiring = await verifiedMobile(platform);
    const { knex } = platform.database;
    await knex('sms_codes').whereIn('id', knex('sms_codes').max('id')).update({ expires_at: new Date(Date.now() - 1_000) });
    await refused(await body(entity, expiring), 'SMS_CODE_EXPIRED');
    expect(await knex('enterprises').where({ uscc: entity.uscc }).first()).toBeUndefined();

    // The right code registers, and is spent: it cannot verify a second registration.
    expect((await platform.api('/api/v1/enterprises/registrations', { body: await body(entity, verified) })).status).toBe(201);
    await refused(await body(take(), verified), 'SMS_CODE_INVALID');
  });

  it('refuses a second code to one mobile within the interval from a person; the demo seed, resuming, sends again and registers with it', async () => {
    const mobile = uniqueMobile();
    expect((await platform.api('/api/v1/enterprises/registrations/mobile-code', { body: { mobile } })).status).toBe(202);
    const again = await platform.api('/api/v1/enterprises/registrations/mobile-code', { body: { mobile } });
    expect(again.status).toBe(429);
    expect(await again.json()).toMatchObject({ code: 'SMS_TOO_FREQUENT' });

    const seedMobile = uniqueMobile();
    await platform.services.registration.sendMobileCode(seedMobile, null);
    const lost = await platform.services.smsInbox!.latestCodeTo(seedMobile);
    await platform.services.registration.sendMobileCode(seedMobile, null);
    const mobileCode = await platform.services.smsInbox!.latestCodeTo(seedMobile);
    expect(mobileCode).toBeDefined();
    expect(mobileCode === lost).toBe(false);
    // The seed registers as it asked, as the platform itself (a code asked so answers no request).
    const entity = take();
    const registered = await platform.services.registration.register(
      { uscc: entity.uscc, name: entity.name, legalRepresentative: entity.legal_representative, contactName: '联系人甲', password: 'Passw0rd!', contactMobile: seedMobile, mobileCode: mobileCode! },
      null,
    );
    expect(registered.uscc).toBe(entity.uscc);
  });

  it('refuses a malformed mobile for the code with 400 naming the field', async () => {
    const res = await platform.api('/api/v1/enterprises/registrations/mobile-code', { body: { mobile: '12345' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ field: 'mobile' }] });
  });

  it.skipIf(!hasPostgres())('lets exactly one of three concurrent registrations of one USCC through (needs PostgreSQL)', async () => {
    // Several rounds: the losing request must hit the unique index itself (not the pre-check) in some of them.
    for (let round = 0; round < 8; round++) {
      const entity = take();
      const results = await Promise.all(
        // Each with its own verified mobile, so the race is on the USCC alone.
        (await Promise.all([0, 1, 2].map(() => body(entity)))).map((b) => platform.api('/api/v1/enterprises/registrations', { body: b }).then((r) => r.status)),
      );
      expect(results.sort()).toEqual([201, 409, 409]);
    }
  });
});
