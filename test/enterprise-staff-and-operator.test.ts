import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprises } from './helpers/consent-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const PASSWORD = 'Xyd#Test2026!';
const NEW_PASSWORD = 'Xyd#Staff2026?';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false' });
});
afterAll(() => platform?.close());

const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return (body ? JSON.parse(body) : undefined) as T;
};
const codeOf = async (res: Response) => ((await res.json()) as { code: string }).code;

interface Member {
  id: string;
  username: string;
  position: string;
  status: string;
  mustChangePassword: boolean;
}

/** Signs in with the temporary password and sets a chosen one, as the staff member would. */
async function firstLogin(username: string, temporary: string): Promise<string> {
  const grant = await json<{ accessToken: string; passwordChangeRequired: boolean }>(await platform.api('/api/v1/auth/token', { body: { username, password: temporary } }), 200);
  expect(grant.passwordChangeRequired).toBe(true);
  expect(await codeOf(await platform.api('/api/v1/loan-applications', { token: grant.accessToken }))).toBe('PASSWORD_CHANGE_REQUIRED');
  // The router also answers other spellings of the path; none of them passes the gate.
  expect(await codeOf(await platform.api('/API/v1/loan-applications', { token: grant.accessToken }))).toBe('PASSWORD_CHANGE_REQUIRED');
  const changed = await json<{ accessToken: string }>(
    await platform.api('/api/v1/auth/password', { token: grant.accessToken, body: { currentPassword: temporary, newPassword: NEW_PASSWORD } }),
    200,
  );
  return changed.accessToken;
}

describe('enterprise staff (企业人员)', () => {
  it('lets the legal representative add staff who act for the enterprise but decide consents only when allowed', async () => {
    const [firm, other] = await registerEnterprises(platform, 2);
    const listed = await json<{ items: Member[] }>(await platform.api('/api/v1/enterprise/staff', { token: firm!.token }), 200);
    expect(listed.items).toEqual([expect.objectContaining({ username: firm!.uscc, position: 'legal_representative', status: 'active' })]);

    const created = await json<{ member: Member; temporaryPassword: string }>(
      await platform.api('/api/v1/enterprise/staff', { token: firm!.token, body: { username: 'firm.clerk', displayName: '王会计', mobile: '13911112222', position: 'staff' } }),
      201,
    );
    expect(created.member).toMatchObject({ username: 'firm.clerk', position: 'staff', mustChangePassword: true });
    const clerk = await firstLogin('firm.clerk', created.temporaryPassword);

    // Acts for the enterprise: its applications and consents are the firm's.
    const me = await json<{ enterprise: { uscc: string } }>(await platform.api('/api/v1/me', { token: clerk }), 200);
    expect(me.enterprise.uscc).toBe(firm!.uscc);
    await json(await platform.api('/api/v1/loan-applications', { token: clerk }), 200);
    await json(await platform.api('/api/v1/consents', { token: clerk }), 200);
    // But decides no consent and manages no staff.
    expect(await codeOf(await platform.api('/api/v1/loan-applications', { token: clerk, body: {} }))).toBe('CONSENT_NOT_DELEGATED');
    expect(await codeOf(await platform.api('/api/v1/financing-demands', { token: clerk, body: {} }))).toBe('CONSENT_NOT_DELEGATED');
    const someGrant = '00000000-0000-4000-8000-000000000001';
    expect(await codeOf(await platform.api(`/api/v1/consents/${someGrant}/revoke`, { token: clerk, body: {} }))).toBe('CONSENT_NOT_DELEGATED');
    expect(await codeOf(await platform.api('/api/v1/enterprise/staff', { token: clerk }))).toBe('NOT_LEGAL_REPRESENTATIVE');

    // Made an 授权经办人: the old session ends, a new one may decide consents.
    await json(await platform.api(`/api/v1/enterprise/staff/${created.member.id}`, { method: 'PATCH', token: firm!.token, body: { position: 'authorised_staff' } }), 200);
    expect((await platform.api('/api/v1/me', { token: clerk })).status).toBe(401);
    const agent = await platform.login('firm.clerk', NEW_PASSWORD);
    expect(await codeOf(await platform.api(`/api/v1/consents/${someGrant}/revoke`, { token: agent, body: {} }))).toBe('CONSENT_NOT_FOUND');
    expect((await platform.api('/api/v1/loan-applications', { token: agent, body: {} })).status).toBe(400);

    // Another enterprise cannot touch the firm's staff; the legal representative cannot be disabled.
    expect((await platform.api(`/api/v1/enterprise/staff/${created.member.id}`, { method: 'PATCH', token: other!.token, body: { status: 'disabled' } })).status).toBe(404);
    const legal = listed.items[0]!;
    expect(await codeOf(await platform.api(`/api/v1/enterprise/staff/${legal.id}`, { method: 'PATCH', token: firm!.token, body: { status: 'disabled' } }))).toBe('LEGAL_REPRESENTATIVE_FIXED');

    // 停用 ends the sessions at once and refuses the login; 启用 lets the person back.
    await json(await platform.api(`/api/v1/enterprise/staff/${created.member.id}`, { method: 'PATCH', token: firm!.token, body: { status: 'disabled' } }), 200);
    expect((await platform.api('/api/v1/me', { token: agent })).status).toBe(401);
    expect((await platform.api('/api/v1/auth/token', { body: { username: 'firm.clerk', password: NEW_PASSWORD } })).status).not.toBe(200);
    await json(await platform.api(`/api/v1/enterprise/staff/${created.member.id}`, { method: 'PATCH', token: firm!.token, body: { status: 'active' } }), 200);
    await platform.login('firm.clerk', NEW_PASSWORD);

    const all = await json<{ items: Member[] }>(await platform.api('/api/v1/enterprise/staff', { token: firm!.token }), 200);
    expect(all.items.map((m) => [m.username, m.position, m.mustChangePassword])).toEqual([
      [firm!.uscc, 'legal_representative', false],
      ['firm.clerk', 'authorised_staff', false],
    ]);

    // The staff member's own mobile recovers the account (忘记密码), as for institution people.
    expect((await platform.api('/api/v1/auth/password-reset/code', { body: { username: 'firm.clerk', mobile: '13911112222' } })).status).toBe(202);
    await platform.services.smsCodes.settled(); // 忘记密码 answers before its text goes out
    const code = await platform.services.smsInbox!.latestCodeTo('13911112222');
    const reset = await platform.api('/api/v1/auth/password-reset', { body: { username: 'firm.clerk', mobile: '13911112222', code, newPassword: PASSWORD } });
    expect(reset.status).toBe(204);
    await platform.login('firm.clerk', PASSWORD);
  });

  it('names the bad field and refuses a taken username', async () => {
    const [firm] = await registerEnterprises(platform, 1);
    const bad = await json<{ errors: { field: string }[] }>(
      await platform.api('/api/v1/enterprise/staff', { token: firm!.token, body: { username: 'X', displayName: '', mobile: '1', position: 'legal_representative' } }),
      400,
    );
    expect(new Set(bad.errors.map((e) => e.field))).toEqual(new Set(['username', 'displayName', 'mobile', 'position']));
    const taken = await platform.api('/api/v1/enterprise/staff', { token: firm!.token, body: { username: 'admin', displayName: '重名', mobile: '13911113333', position: 'staff' } });
    expect(taken.status).toBe(409);
    expect(await json(await platform.api('/api/v1/enterprise/staff', { token: firm!.token }), 200)).toMatchObject({ items: [{ position: 'legal_representative' }] });
  });

  it('keeps one legal representative per enterprise in the schema itself', async () => {
    const [firm] = await registerEnterprises(platform, 1);
    const { knex } = platform.database;
    const legal = await knex('users').where({ enterprise_id: firm!.id }).first();
    await expect(knex('users').insert({ ...legal, id: undefined, username: 'second.legal' })).rejects.toThrow();
    await expect(knex('users').insert({ ...legal, id: undefined, username: 'no.position', enterprise_position: null })).rejects.toThrow();
  });
});

describe('the platform operator (平台运营方) and a second admin', () => {
  it('lets a single admin invite a second, who then decides the first one’s proposals; a third admin needs the second one’s approval', async () => {
    const { knex } = platform.database;
    const operator = (await knex('institutions').where({ type: 'platform_operator' }).first('id')) as { id: string };
    const admin = await platform.login('admin');
    const people = await json<{ items: { username: string; position: string }[] }>(await platform.api(`/api/v1/institutions/${operator.id}/people`, { token: admin }), 200);
    expect(people.items.map((p) => [p.username, p.position])).toEqual(expect.arrayContaining([['admin', 'institution_admin'], ['admin2', 'institution_admin']]));

    // Down to one admin, as after `npm run setup`.
    await knex('users').where({ username: 'admin2' }).update({ status: 'disabled' });
    try {
      const invite = (position: string) =>
        platform.api(`/api/v1/institutions/${operator.id}/invitations`, { token: admin, body: { username: 'ops.second', displayName: '第二管理员', mobile: '13922223333', position } });
      expect(await codeOf(await invite('officer'))).toBe('OPERATOR_ADMINS_ONLY');
      const officer = await platform.login('icbc_officer');
      expect((await platform.api(`/api/v1/institutions/${operator.id}/invitations`, { token: officer, body: {} })).status).toBe(403);
      const issued = await json<{ token: string }>(await invite('institution_admin'), 201);
      await json(await platform.api(`/api/v1/invitations/${issued.token}/accept`, { body: { password: PASSWORD } }), 200);
      const second = await platform.login('ops.second', PASSWORD);
      expect(await json(await platform.api('/api/v1/me', { token: second }), 200)).toMatchObject({ role: 'admin' });

      const proposed = await json<{ id: string }>(
        await platform.api('/api/v1/admin/institution-changes', {
          token: admin,
          body: { action: 'create', profile: { code: 'OPS_GUAR', name: '第二人审核担保公司', type: 'guarantee_company', uscc: '91420200MA4K000037' } },
        }),
        201,
      );
      await json(await platform.api(`/api/v1/admin/institution-changes/${proposed.id}/approve`, { method: 'POST', token: second }), 200);

      // Two admins now: a third one's link works only once the other admin approved it.
      const third = await json<{ token: string; awaitingApproval: boolean }>(
        await platform.api(`/api/v1/institutions/${operator.id}/invitations`, { token: admin, body: { username: 'ops.third', displayName: '第三管理员', mobile: '13922224444', position: 'institution_admin' } }),
        201,
      );
      expect(third.awaitingApproval).toBe(true);
      expect(await codeOf(await platform.api(`/api/v1/invitations/${third.token}`))).toBe('INVITATION_AWAITING_APPROVAL');
      expect(await codeOf(await platform.api(`/api/v1/invitations/${third.token}/accept`, { body: { password: PASSWORD } }))).toBe('INVITATION_AWAITING_APPROVAL');
      const pending = await json<{ items: { id: string; username: string; invitedByName: string }[] }>(await platform.api('/api/v1/admin/admin-invitations', { token: second }), 200);
      const waiting = pending.items.find((i) => i.username === 'ops.third')!;
      expect(waiting.invitedByName).toBe('平台运营管理员');
      expect(await codeOf(await platform.api(`/api/v1/admin/admin-invitations/${waiting.id}/approve`, { method: 'POST', token: admin }))).toBe('SAME_PROPOSER');
      expect((await platform.api(`/api/v1/admin/admin-invitations/${waiting.id}/approve`, { method: 'POST', token: second })).status).toBe(204);
      await json(await platform.api(`/api/v1/invitations/${third.token}/accept`, { body: { password: PASSWORD } }), 200);
      await platform.login('ops.third', PASSWORD);

      // The operator itself is not changed through proposals: suspending it would lock every admin out.
      expect(await codeOf(await platform.api('/api/v1/admin/institution-changes', { token: second, body: { action: 'suspend', institutionId: operator.id } }))).toBe('OPERATOR_FIXED');
    } finally {
      await knex('users').where({ username: 'admin2' }).update({ status: 'active' });
    }
  });
});
