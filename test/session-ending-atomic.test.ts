import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprises } from './helpers/consent-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * A new password, a disabled account: each ends the account's sessions. Both were committed
 * apart, the change first, so a stop (or a failure) between the two left a stolen session
 * working under the new password, or a disabled account's token reading on. Now the sessions
 * end in the change's own transaction: both happen or neither does. The failure is made here by
 * a trigger that refuses to revoke the account's refresh tokens.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false' });
});
afterAll(() => platform?.close());

async function refuseRevocationFor(userId: string): Promise<void> {
  const { knex } = platform.database;
  await knex.raw(`create or replace function test_refuse_revocation() returns trigger language plpgsql as $$ begin raise exception 'revocation refused by the test'; end $$`);
  await knex.raw(`create trigger test_refuse_revocation before update on refresh_tokens for each row when (old.user_id = '${userId}') execute function test_refuse_revocation()`);
}
const dropTrigger = () => platform.database.knex.raw('drop trigger if exists test_refuse_revocation on refresh_tokens');
const userIdOf = async (username: string) => ((await platform.database.knex('users').where({ username }).first('id')) as { id: string }).id;

describe('the end of sessions commits with the change that calls for it', () => {
  it('a password change whose sessions cannot be ended changes nothing', async () => {
    const [firm] = await registerEnterprises(platform, 1);
    await refuseRevocationFor(await userIdOf(firm!.uscc));
    try {
      const change = await platform.api('/api/v1/auth/password', { token: firm!.token, body: { currentPassword: 'Passw0rd!', newPassword: 'Xyd#Changed2026' } });
      expect(change.status).toBe(500);
    } finally {
      await dropTrigger();
    }
    // The old password still signs in, the new one does not.
    expect((await platform.api('/api/v1/auth/token', { body: { username: firm!.uscc, password: 'Passw0rd!' } })).status).toBe(200);
    expect((await platform.api('/api/v1/auth/token', { body: { username: firm!.uscc, password: 'Xyd#Changed2026' } })).status).toBe(401);
  });

  it('a person whose sessions cannot be ended is not disabled either', async () => {
    const officer = await platform.login('ccb_officer');
    const id = await userIdOf('ccb_officer');
    await refuseRevocationFor(id);
    try {
      const disable = await platform.api(`/api/v1/people/${id}/status`, { method: 'PATCH', token: await platform.login('ccb_admin'), body: { status: 'disabled' } });
      expect(disable.status).toBe(500);
    } finally {
      await dropTrigger();
    }
    expect(await platform.database.knex('users').where({ id }).first('status')).toEqual({ status: 'active' });
    expect((await platform.api('/api/v1/me', { token: officer })).status).toBe(200);
  });
});
