import { makeUscc } from '../src/demo/demo-city.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirstAdmin } from '../src/auth/setup/first-admin.js';
import { userStore } from '../src/auth/user-store.js';
import { transactionRunner } from '../src/db/transaction.js';
import { machineClient } from './helpers/access-fixtures.js';
import { demoEnterpriseLogin } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const PASSWORD = 'Xyd#Test2026!';
const NEW_PASSWORD = 'Xyd#Reset2026?';

let platform: TestPlatform;
let admin: string;
let admin2: string;
beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false', SMS_CODE_MIN_INTERVAL_SECONDS: '0', SMS_CODE_MAX_PER_HOUR: '3' });
  [admin, admin2] = await Promise.all([platform.login('admin'), platform.login('admin2')]);
});
afterAll(() => platform?.close());

const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return (body ? JSON.parse(body) : undefined) as T;
};
interface Change {
  id: string;
  status: string;
  institutionId: string | null;
  before: { status: string } | null;
  after: { id: string; status: string; name: string } | null;
  proposedByName: string;
  decidedByName: string | null;
}

async function onboardBank(code: string, uscc: string, financialCode: string): Promise<string> {
  const proposed = await json<Change>(
    await platform.api('/api/v1/admin/institution-changes', { token: admin, body: { action: 'create', profile: { code, name: `${code}银行`, type: 'bank', uscc, financialCode } } }),
    201,
  );
  const approved = await json<Change>(await platform.api(`/api/v1/admin/institution-changes/${proposed.id}/approve`, { method: 'POST', token: admin2 }), 200);
  return approved.after!.id;
}

async function invite(token: string, institutionId: string, body: { username: string; mobile: string; position: string }): Promise<Response> {
  return platform.api(`/api/v1/institutions/${institutionId}/invitations`, { token, body: { displayName: '测试人员', ...body } });
}

describe('maker-checker on institutions', () => {
  it('applies a proposal only when another admin approves it, and keeps who, when, before and after', async () => {
    const proposed = await json<Change>(
      await platform.api('/api/v1/admin/institution-changes', {
        token: admin,
        body: { action: 'create', profile: { code: 'MC_BANK', name: '四眼银行', type: 'bank', uscc: '91420200MA4K000011', financialCode: 'C1234567890123' } },
      }),
      201,
    );
    expect(proposed).toMatchObject({ status: 'pending', institutionId: null, proposedByName: '平台运营管理员' });
    const listed = await json<{ items: { code: string }[] }>(await platform.api('/api/v1/institutions', { token: admin }), 200);
    expect(listed.items.map((i) => i.code)).not.toContain('MC_BANK');

    const self = await platform.api(`/api/v1/admin/institution-changes/${proposed.id}/approve`, { method: 'POST', token: admin });
    expect(self.status).toBe(403);
    expect(((await self.json()) as { code: string }).code).toBe('SAME_PROPOSER');

    const approved = await json<Change>(await platform.api(`/api/v1/admin/institution-changes/${proposed.id}/approve`, { method: 'POST', token: admin2 }), 200);
    expect(approved).toMatchObject({ status: 'approved', before: null, decidedByName: '平台复核管理员', after: { name: '四眼银行', status: 'active' } });
    const again = await platform.api(`/api/v1/admin/institution-changes/${proposed.id}/approve`, { method: 'POST', token: admin2 });
    expect(((await again.json()) as { code: string }).code).toBe('CHANGE_DECIDED');

    const edit = await json<Change>(
      await platform.api('/api/v1/admin/institution-changes', {
        token: admin2,
        body: { action: 'update', institutionId: approved.after!.id, profile: { code: 'MC_BANK', name: '四眼银行改名', type: 'bank', uscc: '91420200MA4K000011', financialCode: 'C1234567890123' } },
      }),
      201,
    );
    const second = await platform.api('/api/v1/admin/institution-changes', { token: admin, body: { action: 'suspend', institutionId: approved.after!.id } });
    expect(((await second.json()) as { code: string }).code).toBe('CHANGE_PENDING');
    const decided = await json<Change>(await platform.api(`/api/v1/admin/institution-changes/${edit.id}/approve`, { method: 'POST', token: admin }), 200);
    expect(decided.before).toMatchObject({ name: '四眼银行' });
    expect(decided.after).toMatchObject({ name: '四眼银行改名' });

    const trail = await json<{ items: Change[] }>(await platform.api(`/api/v1/admin/institution-changes?institutionId=${approved.after!.id}`, { token: admin }), 200);
    expect(trail.items.map((c) => c.status)).toEqual(['approved', 'approved']);
  });

  it('refuses a bank without its 金融机构编码 and a clash with an existing code, naming the field', async () => {
    const missing = await platform.api('/api/v1/admin/institution-changes', {
      token: admin,
      body: { action: 'create', profile: { code: 'NO_CODE', name: '无编码银行', type: 'bank', uscc: '91420200MA4K000024' } },
    });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(await missing.json())).toContain('profile.financialCode');
    const clash = await platform.api('/api/v1/admin/institution-changes', {
      token: admin,
      body: { action: 'create', profile: { code: 'CCB_HS', name: '重复', type: 'guarantee_company', uscc: '91420200MA4K000037' } },
    });
    expect(clash.status).toBe(409);
    expect(JSON.stringify(await clash.json())).toContain('profile.code');
  });
});

describe('invitations', () => {
  let bankId: string;
  beforeAll(async () => {
    bankId = await onboardBank('INV_BANK', '91420200MA4K00004A', 'C2234567890123');
  });

  it('lets the platform admin seat only the first institution admin; the link works once and signs in with the position', async () => {
    const officerByAdmin = await invite(admin, bankId, { username: 'inv_officer', mobile: '13900000001', position: 'officer' });
    expect(officerByAdmin.status).toBe(403);
    const issued = await json<{ token: string; path: string }>(await invite(admin, bankId, { username: 'inv_admin', mobile: '13900000002', position: 'institution_admin' }), 201);
    expect(issued.path).toBe(`/invitation/${issued.token}`);
    expect(await json(await platform.api(`/api/v1/invitations/${issued.token}`), 200)).toMatchObject({ institutionName: 'INV_BANK银行', position: 'institution_admin' });

    const weak = await platform.api(`/api/v1/invitations/${issued.token}/accept`, { body: { password: '123' } });
    expect(weak.status).toBe(400);
    await json(await platform.api(`/api/v1/invitations/${issued.token}/accept`, { body: { password: PASSWORD } }), 200);
    const reused = await platform.api(`/api/v1/invitations/${issued.token}/accept`, { body: { password: PASSWORD } });
    expect(reused.status).toBe(409);
    expect(((await reused.json()) as { code: string }).code).toBe('INVITATION_USED');

    const instAdmin = await platform.login('inv_admin', PASSWORD);
    const me = await json<{ position: string; role: string }>(await platform.api('/api/v1/me', { token: instAdmin }), 200);
    expect(me).toMatchObject({ position: 'institution_admin', role: 'bank_officer' });
    expect(JSON.parse(Buffer.from(instAdmin.split('.')[1]!, 'base64url').toString()).pos).toBe('institution_admin');

    await json(await invite(instAdmin, bankId, { username: 'inv_officer', mobile: '13900000001', position: 'officer' }), 201);
    const secondAdmin = await invite(admin, bankId, { username: 'inv_admin2', mobile: '13900000003', position: 'institution_admin' });
    expect(((await secondAdmin.json()) as { code: string }).code).toBe('INSTITUTION_HAS_ADMIN');
    const otherInstitution = (await platform.database.knex('institutions').where({ code: 'CCB_HS' }).first('id')) as { id: string };
    expect((await invite(instAdmin, otherInstitution.id, { username: 'inv_x', mobile: '13900000004', position: 'officer' })).status).toBe(403);
    const people = await json<{ items: { username: string; lastLoginAt: string | null }[] }>(await platform.api(`/api/v1/institutions/${bankId}/people`, { token: instAdmin }), 200);
    expect(people.items.find((p) => p.username === 'inv_admin')!.lastLoginAt).not.toBeNull();
  });

  it('refuses an expired link', async () => {
    const issued = await json<{ token: string }>(await invite(admin2, await onboardBank('EXP_BANK', '91420200MA4K00005D', 'C3234567890123'), { username: 'exp_admin', mobile: '13900000005', position: 'institution_admin' }), 201);
    await platform.database.knex('invitations').where({ username: 'exp_admin' }).update({ expires_at: new Date(Date.now() - 1000) });
    const res = await platform.api(`/api/v1/invitations/${issued.token}/accept`, { body: { password: PASSWORD } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe('INVITATION_EXPIRED');
    expect(await platform.database.knex('users').where({ username: 'exp_admin' }).first()).toBeUndefined();
  });

  it('a link dies with its inviter: a disabled 机构管理员 cannot come back through an invitation they issued', async () => {
    const bankId = await onboardBank('GONE_BANK', makeUscc('91', '420200', '99990006'), 'C9234567890123');
    const seated = await json<{ token: string }>(await invite(admin, bankId, { username: 'gone_admin', mobile: '13900000006', position: 'institution_admin' }), 201);
    await json(await platform.api(`/api/v1/invitations/${seated.token}/accept`, { body: { password: PASSWORD } }), 200);
    const leaving = await platform.login('gone_admin', PASSWORD);
    const kept = await json<{ token: string }>(await invite(leaving, bankId, { username: 'gone_backdoor', mobile: '13900000007', position: 'institution_admin' }), 201);
    const leaver = (await platform.database.knex('users').where({ username: 'gone_admin' }).first('id')) as { id: string };
    await json(await platform.api(`/api/v1/people/${leaver.id}/status`, { method: 'PATCH', token: admin, body: { status: 'disabled' } }), 200);

    for (const res of [await platform.api(`/api/v1/invitations/${kept.token}`), await platform.api(`/api/v1/invitations/${kept.token}/accept`, { body: { password: PASSWORD } })]) {
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ code: 'INVITATION_REVOKED', detail: expect.stringContaining('发出该邀请的人员账号已停用') });
    }
    expect(await platform.database.knex('users').where({ username: 'gone_backdoor' }).first()).toBeUndefined();
  });
});

describe('password reset by SMS code', () => {
  const mobile = '13900000011';
  let bankId: string;
  beforeAll(async () => {
    bankId = await onboardBank('RST_BANK', '91420200MA4K00006G', 'C4234567890123');
    const { token } = await json<{ token: string }>(await invite(admin, bankId, { username: 'rst_admin', mobile, position: 'institution_admin' }), 201);
    await json(await platform.api(`/api/v1/invitations/${token}/accept`, { body: { password: PASSWORD } }), 200);
  });
  const lastCode = async () => {
    // 忘记密码 answers before its text is sent (so the provider's time tells nothing).
    await platform.services.smsCodes.settled();
    const inbox = await json<{ items: { mobileMasked: string; content: string }[] }>(await platform.api('/api/v1/admin/dev/sms-messages', { token: admin }), 200);
    return /验证码(\d{6})/.exec(inbox.items.find((m) => m.mobileMasked === '139****0011')!.content)![1]!;
  };
  const reset = (code: string, newPassword = NEW_PASSWORD) => platform.api('/api/v1/auth/password-reset', { body: { username: 'rst_admin', mobile, code, newPassword } });

  it('answers a wrong mobile like a right one but sends nothing; limits wrong codes; resets with the code and ends sessions', async () => {
    const before = await platform.database.knex('sms_simulator_messages').count({ n: '*' }).first();
    await json(await platform.api('/api/v1/auth/password-reset/code', { body: { username: 'rst_admin', mobile: '13900000099' } }), 202);
    expect(await platform.database.knex('sms_simulator_messages').count({ n: '*' }).first()).toEqual(before);

    const session = await platform.login('rst_admin', PASSWORD);
    await json(await platform.api('/api/v1/auth/password-reset/code', { body: { username: 'rst_admin', mobile } }), 202);
    const code = await lastCode();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await reset(wrong)).status).toBe(422);
    const exhausted = await reset(code);
    expect(((await exhausted.json()) as { code: string }).code).toBe('SMS_CODE_ATTEMPTS_EXCEEDED');

    await json(await platform.api('/api/v1/auth/password-reset/code', { body: { username: 'rst_admin', mobile } }), 202);
    expect((await reset(await lastCode())).status).toBe(204);
    expect((await platform.api('/api/v1/me', { token: session })).status).toBe(401);
    await platform.login('rst_admin', NEW_PASSWORD);
    const spent = await reset(await lastCode(), 'Xyd#Other2026%');
    expect(((await spent.json()) as { code: string }).code).toBe('SMS_CODE_INVALID');
  });

  it('rate-limits codes per mobile and refuses an expired code', async () => {
    // Two codes went out in the test above; the limit here is three an hour.
    await json(await platform.api('/api/v1/auth/password-reset/code', { body: { username: 'rst_admin', mobile } }), 202);
    await json(await platform.api('/api/v1/auth/password-reset/code', { body: { username: 'rst_admin', mobile } }), 429);
    await platform.database.knex('sms_codes').update({ created_at: new Date(Date.now() - 2 * 3_600_000) });
    await json(await platform.api('/api/v1/auth/password-reset/code', { body: { username: 'rst_admin', mobile } }), 202);
    await platform.database.knex('sms_codes').whereNull('consumed_at').update({ expires_at: new Date(Date.now() - 1000) });
    const expired = await reset(await lastCode(), 'Xyd#Later2026%');
    expect(((await expired.json()) as { code: string }).code).toBe('SMS_CODE_EXPIRED');
  });
});

describe('password reset does not tell whether an account and a mobile belong together', () => {
  it('counts, limits and refuses a pair that does not match exactly as one that does', async () => {
    const bankId = await onboardBank('RST2_BANK', '91420200MA4K00007K', 'C5234567890123');
    const { token } = await json<{ token: string }>(await invite(admin, bankId, { username: 'rst_other', mobile: '13900000033', position: 'institution_admin' }), 201);
    await json(await platform.api(`/api/v1/invitations/${token}/accept`, { body: { password: PASSWORD } }), 200);
    const askCode = (mobile: string) => platform.api('/api/v1/auth/password-reset/code', { body: { username: 'rst_other', mobile } });
    const answers = async (mobile: string) => {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await askCode(mobile)).status);
      const refused = await platform.api('/api/v1/auth/password-reset', { body: { username: 'rst_other', mobile, code: '000000', newPassword: NEW_PASSWORD } });
      const { requestId: _, ...problem } = (await refused.json()) as Record<string, unknown>;
      return { statuses, status: refused.status, problem };
    };
    const matching = await answers('13900000033');
    expect(matching.statuses).toEqual([202, 202, 202, 429]);
    expect(await answers('13900000044')).toEqual(matching);
  });
});

describe('suspension', () => {
  it('refuses the institution people and machine clients at once, and lets them back when reinstated', async () => {
    const ccb = (await platform.database.knex('institutions').where({ code: 'HBB_HS' }).first('id')) as { id: string };
    const officer = await platform.login('hbb_officer');
    const client = await machineClient(platform, await platform.login('hbb_admin'), ['consents:read']);
    const suspend = await json<Change>(await platform.api('/api/v1/admin/institution-changes', { token: admin, body: { action: 'suspend', institutionId: ccb.id, reason: '停业整顿' } }), 201);
    expect((await platform.api('/api/v1/me', { token: officer })).status).toBe(200);
    await json(await platform.api(`/api/v1/admin/institution-changes/${suspend.id}/approve`, { method: 'POST', token: admin2 }), 200);

    const refused = await platform.api('/api/v1/me', { token: officer });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('INSTITUTION_SUSPENDED');
    expect((await platform.api('/api/v1/consents/received', { token: client.token })).status).toBe(403);
    expect((await platform.api('/api/v1/auth/token', { body: { username: 'hbb_officer', password: 'Demo@2026' } })).status).toBe(403);
    const issued = await platform.api('/api/v1/oauth/token', { body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret } });
    expect(issued.status).toBe(401);

    const reinstate = await json<Change>(await platform.api('/api/v1/admin/institution-changes', { token: admin2, body: { action: 'reinstate', institutionId: ccb.id } }), 201);
    await json(await platform.api(`/api/v1/admin/institution-changes/${reinstate.id}/approve`, { method: 'POST', token: admin }), 200);
    expect((await platform.api('/api/v1/me', { token: await platform.login('hbb_officer') })).status).toBe(200);
  });

  it('gives a suspended bank nothing new: no grant, none of its products offered, no white-list run for it', async () => {
    const sme = await platform.login(demoEnterpriseLogin(platform));
    const offered = async (token?: string) =>
      (await json<{ items: { bankId: string }[] }>(await platform.api('/api/v1/loan-products', token ? { token } : {}), 200)).items.map((p) => p.bankId);
    const bankId = (await offered(sme))[0]!;
    const grant = () =>
      platform.api('/api/v1/consents', {
        token: sme,
        body: { granteeInstitutionId: bankId, scopes: ['register'], purpose: 'pre_credit', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(), fetchType: 'PERIODIC', frequency: { unit: 'DAY', value: 5 } },
      });
    await json(await grant(), 201);
    const suspend = await json<Change>(await platform.api('/api/v1/admin/institution-changes', { token: admin, body: { action: 'suspend', institutionId: bankId } }), 201);
    await json(await platform.api(`/api/v1/admin/institution-changes/${suspend.id}/approve`, { method: 'POST', token: admin2 }), 200);
    try {
      expect(await offered(sme)).not.toContain(bankId);
      expect(await offered()).not.toContain(bankId);
      const refused = await json<{ code: string; errors: { field: string }[] }>(await grant(), 422);
      expect(refused).toMatchObject({ code: 'GRANTEE_SUSPENDED', errors: [{ field: 'granteeInstitutionId' }] });
      const runsBefore = await platform.database.knex('precredit_runs').where({ bank_id: bankId }).count({ n: '*' });
      await platform.services.precredit.runAllWhitelists();
      expect(await platform.database.knex('precredit_runs').where({ bank_id: bankId }).count({ n: '*' })).toEqual(runsBefore);
    } finally {
      const reinstate = await json<Change>(await platform.api('/api/v1/admin/institution-changes', { token: admin2, body: { action: 'reinstate', institutionId: bankId } }), 201);
      await json(await platform.api(`/api/v1/admin/institution-changes/${reinstate.id}/approve`, { method: 'POST', token: admin }), 200);
    }
    expect(await offered(sme)).toContain(bankId);
    await json(await grant(), 201);
  });

  it('offers an enterprise and a bank no guarantee product of a suspended guarantee company, and still shows it to the financial office', async () => {
    const sme = await platform.login(demoEnterpriseLogin(platform));
    const officer = await platform.login('icbc_officer');
    const office = await platform.login('jrj_viewer');
    const companies = async (token: string) =>
      (await json<{ items: { companyId: string }[] }>(await platform.api('/api/v1/guarantee-products', { token }), 200)).items.map((p) => p.companyId);
    const companyId = (await companies(sme))[0]!;
    const suspend = await json<Change>(await platform.api('/api/v1/admin/institution-changes', { token: admin, body: { action: 'suspend', institutionId: companyId } }), 201);
    await json(await platform.api(`/api/v1/admin/institution-changes/${suspend.id}/approve`, { method: 'POST', token: admin2 }), 200);
    try {
      expect(await companies(sme)).not.toContain(companyId);
      expect(await companies(officer)).not.toContain(companyId);
      expect(await companies(office)).toContain(companyId);
    } finally {
      const reinstate = await json<Change>(await platform.api('/api/v1/admin/institution-changes', { token: admin2, body: { action: 'reinstate', institutionId: companyId } }), 201);
      await json(await platform.api(`/api/v1/admin/institution-changes/${reinstate.id}/approve`, { method: 'POST', token: admin }), 200);
    }
    expect(await companies(sme)).toContain(companyId);
  });
});

describe('npm run setup and temporary passwords', () => {
  const setup = (username: string, password: string) =>
    createFirstAdmin(
      { transaction: transactionRunner(platform.database.knex), users: userStore, ensureOperator: (tx, operator) => platform.services.institutions.ensureOperator(tx, operator), hashPassword: platform.services.hashPassword },
      { username, password, temporary: true, operator: { name: '平台运营方', uscc: makeUscc('91', '420200', '99990001') } },
    );

  it('refuses while an admin exists; on an installation without one creates an admin who must change the password first', async () => {
    await expect(setup('root', PASSWORD)).rejects.toMatchObject({ code: 'ADMIN_EXISTS' });
    const { knex } = platform.database;
    const active = (await knex('users').where({ role: 'admin', status: 'active' }).pluck('id')) as string[];
    await knex('users').whereIn('id', active).update({ status: 'disabled' });
    try {
      await expect(setup('root', '123')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await setup('root', PASSWORD);
    } finally {
      await knex('users').whereIn('id', active).update({ status: 'active' });
    }
    const grant = await json<{ accessToken: string; passwordChangeRequired: boolean }>(
      await platform.api('/api/v1/auth/token', { body: { username: 'root', password: PASSWORD } }),
      200,
    );
    expect(grant.passwordChangeRequired).toBe(true);
    const blocked = await platform.api('/api/v1/admin/institution-changes', { token: grant.accessToken });
    expect(((await blocked.json()) as { code: string }).code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await json<{ passwordChangeRequired: boolean }>(await platform.api('/api/v1/me', { token: grant.accessToken }), 200)).toMatchObject({ passwordChangeRequired: true });
    const changed = await json<{ accessToken: string; passwordChangeRequired: boolean }>(
      await platform.api('/api/v1/auth/password', { token: grant.accessToken, body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } }),
      200,
    );
    expect(changed.passwordChangeRequired).toBe(false);
    await json(await platform.api('/api/v1/admin/institution-changes', { token: changed.accessToken }), 200);
    // The admin setup creates is a person of the platform operator, as every platform admin is.
    expect(await json(await platform.api('/api/v1/me', { token: changed.accessToken }), 200)).toMatchObject({
      institution: { type: 'platform_operator' },
      position: 'institution_admin',
    });
  });
});
