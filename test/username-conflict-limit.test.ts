import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprises } from './helpers/consent-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * Usernames are one namespace: "该账号已被使用" told a bank's admin, or any registered firm's legal
 * representative, which logins exist at other institutions, as often as asked. Past the limit
 * every invitation of that account is 429, a free name's too, so the answers stop telling.
 */
const LIMIT = 2;
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false', USERNAME_CONFLICTS_MAX_PER_ACCOUNT: String(LIMIT), USERNAME_CONFLICTS_WINDOW_SECONDS: '600' });
});
afterAll(() => platform?.close());

const codeOf = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { code?: string }).code, retryAfter: res.headers.get('retry-after') });

describe('"username already taken" past the limit', () => {
  it('an institution admin probing other institutions’ logins gets 409 up to the limit, then 429 for any name', async () => {
    const icbcAdmin = await platform.login('icbc_admin');
    const icbcId = ((await platform.database.knex('institutions').where({ code: 'ICBC_HS' }).first('id')) as { id: string }).id;
    const invite = (username: string) =>
      platform.api(`/api/v1/institutions/${icbcId}/invitations`, { token: icbcAdmin, body: { username, displayName: '测试人员', mobile: '13900000001', position: 'officer' } });
    for (const taken of ['ccb_officer', 'hsfg_admin']) expect(await codeOf(await invite(taken))).toMatchObject({ status: 409, code: 'USERNAME_TAKEN' });
    const limited = await codeOf(await invite('jrj_viewer'));
    expect(limited).toMatchObject({ status: 429, code: 'USERNAME_CHECKS_RATE_LIMITED' });
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect(await codeOf(await invite('icbc_free_name'))).toMatchObject({ status: 429 });
    // Another account's answers are its own.
    const ccbAdmin = await platform.login('ccb_admin');
    const ccbId = ((await platform.database.knex('institutions').where({ code: 'CCB_HS' }).first('id')) as { id: string }).id;
    const other = await platform.api(`/api/v1/institutions/${ccbId}/invitations`, { token: ccbAdmin, body: { username: 'icbc_officer', displayName: '测试人员', mobile: '13900000002', position: 'officer' } });
    expect(await codeOf(other)).toMatchObject({ status: 409, code: 'USERNAME_TAKEN' });
  });

  it('so does an enterprise’s legal representative adding staff', async () => {
    const [firm] = await registerEnterprises(platform, 1);
    const add = (username: string) => platform.api('/api/v1/enterprise/staff', { token: firm!.token, body: { username, displayName: '王会计', mobile: '13911112222', position: 'staff' } });
    for (const taken of ['icbc_admin', 'admin']) expect(await codeOf(await add(taken))).toMatchObject({ status: 409, code: 'USERNAME_TAKEN' });
    expect(await codeOf(await add('ccb_admin'))).toMatchObject({ status: 429, code: 'USERNAME_CHECKS_RATE_LIMITED' });
    expect(await codeOf(await add('firm.new.clerk'))).toMatchObject({ status: 429 });
  });
});
