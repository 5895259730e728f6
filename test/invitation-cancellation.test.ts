import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineClient } from './helpers/access-fixtures.js';
import { registerEnterprises } from './helpers/consent-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * 待接受的邀请 and 撤销邀请: a link sent to the wrong mobile, or to a person who left, worked until it
 * expired; nobody could see which links were open (0059 left it). Now an institution's admins list
 * them and any of them withdraws one; the withdrawn link is refused and its username is free.
 */
const PASSWORD = 'Xyd#Test2026!';

let platform: TestPlatform;
let icbcId: string;
let ccbId: string;
let operatorId: string;
let author: string;
let colleague: string;
let colleagueId: string;
beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false' });
  const { knex } = platform.database;
  const idOf = async (code: string) => ((await knex('institutions').where({ code }).first('id')) as { id: string }).id;
  [icbcId, ccbId] = await Promise.all([idOf('ICBC_HS'), idOf('CCB_HS')]);
  operatorId = ((await knex('institutions').where({ type: 'platform_operator' }).first('id')) as { id: string }).id;
  author = await platform.login('icbc_admin');
  // A second 机构管理员 of the bank, who did not issue the links below.
  const seat = await json<{ token: string }>(await invite(author, icbcId, 'icbc.second', '13900002000', 'institution_admin'), 201);
  await json(await platform.api(`/api/v1/invitations/${seat.token}/accept`, { body: { password: PASSWORD } }), 200);
  colleague = await platform.login('icbc.second', PASSWORD);
  colleagueId = ((await knex('users').where({ username: 'icbc.second' }).first('id')) as { id: string }).id;
});
afterAll(() => platform?.close());

async function json<T = unknown>(res: Response, status: number): Promise<T> {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return (body ? JSON.parse(body) : undefined) as T;
}
const codeOf = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { code?: string }).code });

function invite(token: string, institutionId: string, username: string, mobile = '13900001234', position = 'officer'): Promise<Response> {
  return platform.api(`/api/v1/institutions/${institutionId}/invitations`, { token, body: { username, displayName: `受邀人${username}`, mobile, position } });
}
const list = (token: string | undefined, institutionId = icbcId) => platform.api(`/api/v1/institutions/${institutionId}/invitations`, { token });
const cancel = (token: string | undefined, invitationId: string, institutionId = icbcId) =>
  platform.api(`/api/v1/institutions/${institutionId}/invitations/${invitationId}/cancel`, { method: 'POST', token });
const rowOf = async (username: string) =>
  (await platform.database.knex('invitations').where({ username }).orderBy('created_at', 'desc').first('id', 'accepted_at', 'cancelled_at', 'cancelled_by')) as {
    id: string;
    accepted_at: Date | null;
    cancelled_at: Date | null;
    cancelled_by: string | null;
  };

interface Open {
  id: string;
  username: string;
  displayName: string;
  position: string;
  mobile: string;
  invitedByName: string;
  createdAt: string;
  expiresAt: string;
  state: string;
}

describe('待接受的邀请 and 撤销邀请', () => {
  it('lists the open links beside the people; another admin cancels one, which is recorded, refused from then on and frees its username', async () => {
    const issued = await json<{ token: string; expiresAt: string }>(await invite(author, icbcId, 'icbc.wrong'), 201);
    const { items } = await json<{ items: Open[] }>(await list(colleague), 200);
    expect(items.map((i) => i.username)).not.toContain('icbc.second');
    const open = items.find((i) => i.username === 'icbc.wrong')!;
    expect(open).toMatchObject({ displayName: '受邀人icbc.wrong', position: 'officer', mobile: '139****1234', state: 'usable', expiresAt: issued.expiresAt });
    const authorName = ((await platform.database.knex('users').where({ username: 'icbc_admin' }).first('display_name')) as { display_name: string }).display_name;
    expect(open.invitedByName).toBe(authorName);

    const cancelled = await json<{ id: string; username: string; cancelledByName: string; cancelledAt: string }>(await cancel(colleague, open.id), 200);
    expect(cancelled).toMatchObject({ id: open.id, username: 'icbc.wrong', cancelledByName: '受邀人icbc.second' });
    const row = await rowOf('icbc.wrong');
    expect(row.cancelled_by).toBe(colleagueId);
    expect(new Date(row.cancelled_at!).toISOString()).toBe(cancelled.cancelledAt);

    for (const res of [await platform.api(`/api/v1/invitations/${issued.token}`), await platform.api(`/api/v1/invitations/${issued.token}/accept`, { body: { password: PASSWORD } })]) {
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ code: 'INVITATION_CANCELLED', detail: expect.stringContaining('重新邀请') });
    }
    expect(await platform.database.knex('users').where({ username: 'icbc.wrong' }).first()).toBeUndefined();
    expect((await json<{ items: Open[] }>(await list(author), 200)).items.map((i) => i.username)).not.toContain('icbc.wrong');

    // The username the link reserved is free for the right mobile.
    const again = await json<{ token: string }>(await invite(author, icbcId, 'icbc.wrong', '13900004321'), 201);
    await json(await platform.api(`/api/v1/invitations/${again.token}/accept`, { body: { password: PASSWORD } }), 200);
  });

  it('another institution’s admin, an officer, an enterprise and a machine client neither list nor cancel; the link keeps working', async () => {
    const issued = await json<{ token: string }>(await invite(author, icbcId, 'icbc.kept'), 201);
    const { id } = await rowOf('icbc.kept');
    const [ccbAdmin, officer] = await Promise.all([platform.login('ccb_admin'), platform.login('icbc_officer')]);
    const [firm] = await registerEnterprises(platform, 1);
    const client = await machineClient(platform, author, ['consents:read']);
    for (const token of [ccbAdmin, officer, firm!.token, client.token]) {
      expect((await list(token)).status).toBe(403);
      expect((await cancel(token, id)).status).toBe(403);
    }
    expect((await list(undefined)).status).toBe(401);
    expect((await cancel(undefined, id)).status).toBe(401);
    // Through its own institution's address, the other bank's admin is told the invitation is unknown.
    expect(await codeOf(await cancel(ccbAdmin, id, ccbId))).toEqual({ status: 404, code: 'INVITATION_NOT_FOUND' });
    expect((await list(author, operatorId)).status).toBe(403);

    expect((await rowOf('icbc.kept')).cancelled_at).toBeNull();
    await json(await platform.api(`/api/v1/invitations/${issued.token}`), 200);
  });

  it('answers a second cancel, an accepted and an expired invitation with 409 and changes nothing', async () => {
    await json(await invite(author, icbcId, 'icbc.twice'), 201);
    const twice = await rowOf('icbc.twice');
    await json(await cancel(author, twice.id), 200);
    const first = await rowOf('icbc.twice');
    expect(await codeOf(await cancel(colleague, twice.id))).toEqual({ status: 409, code: 'INVITATION_CANCELLED' });
    expect(await rowOf('icbc.twice')).toEqual(first);

    const accepted = await json<{ token: string }>(await invite(author, icbcId, 'icbc.joined'), 201);
    await json(await platform.api(`/api/v1/invitations/${accepted.token}/accept`, { body: { password: PASSWORD } }), 200);
    expect(await codeOf(await cancel(colleague, (await rowOf('icbc.joined')).id))).toEqual({ status: 409, code: 'INVITATION_USED' });
    expect(await rowOf('icbc.joined')).toMatchObject({ cancelled_at: null, cancelled_by: null });
    await platform.login('icbc.joined', PASSWORD);

    await json(await invite(author, icbcId, 'icbc.late'), 201);
    await platform.database.knex('invitations').where({ username: 'icbc.late' }).update({ expires_at: new Date(Date.now() - 1000) });
    expect(await codeOf(await cancel(colleague, (await rowOf('icbc.late')).id))).toEqual({ status: 409, code: 'INVITATION_EXPIRED' });
    expect(await rowOf('icbc.late')).toMatchObject({ cancelled_at: null, cancelled_by: null });
  });

  it('of an accept and a cancel sent at once, exactly one wins', async () => {
    for (let round = 0; round < 4; round++) {
      const username = `icbc.race${round}`;
      const issued = await json<{ token: string }>(await invite(author, icbcId, username), 201);
      const { id } = await rowOf(username);
      const [accepted, cancelled] = await Promise.all([platform.api(`/api/v1/invitations/${issued.token}/accept`, { body: { password: PASSWORD } }), cancel(colleague, id)]);
      const outcome = [accepted.status, cancelled.status].sort();
      expect(outcome).toEqual([200, 409]);
      const row = await rowOf(username);
      const user = await platform.database.knex('users').where({ username }).first('id');
      if (accepted.status === 200) {
        expect(await codeOf(cancelled)).toEqual({ status: 409, code: 'INVITATION_USED' });
        expect(row).toMatchObject({ cancelled_at: null });
        expect(user).toBeDefined();
      } else {
        expect(await codeOf(accepted)).toEqual({ status: 409, code: 'INVITATION_CANCELLED' });
        expect(row.accepted_at).toBeNull();
        expect(user).toBeUndefined();
      }
    }
  });

  it('the platform admins list the operator’s own links with their approval state; one not the inviter cancels a link awaiting approval', async () => {
    const [admin, admin2] = await Promise.all([platform.login('admin'), platform.login('admin2')]);
    await json(await invite(admin, operatorId, 'ops.wrong', '13900005555', 'institution_admin'), 201);
    const { items } = await json<{ items: Open[] }>(await list(admin2, operatorId), 200);
    const open = items.find((i) => i.username === 'ops.wrong')!;
    // Two admins exist, so a third's link waits for another admin.
    expect(open).toMatchObject({ state: 'awaiting_approval', position: 'institution_admin', mobile: '139****5555' });
    await json(await cancel(admin2, open.id, operatorId), 200);
    expect(await codeOf(await platform.api(`/api/v1/admin/admin-invitations/${open.id}/approve`, { method: 'POST', token: admin2 }))).toEqual({ status: 404, code: 'INVITATION_NOT_PENDING' });
    const pending = await json<{ items: { id: string }[] }>(await platform.api('/api/v1/admin/admin-invitations', { token: admin }), 200);
    expect(pending.items.map((i) => i.id)).not.toContain(open.id);
  });
});
