import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * Issue 11, defect 7: a request that reached the 500 path had its values logged. Every failing
 * request below carries a password, a client secret, tokens, an ID number and a mobile; none of
 * them may appear anywhere in the captured log output.
 */
const PASSWORD = 'Zq7!kept-out-of-logs';
const CLIENT_SECRET = 'cs_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const ID_NUMBER = '330102199003071234';
const MOBILE = '13987654321';
const REFRESH = 'rt_Lk2Jd9sQwErTyUiOpAsDfGhJkL';

let platform: TestPlatform;
const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(chunk.toString('utf8'));
    done();
  },
});

beforeAll(async () => {
  platform = await startTestPlatform({ LOG_LEVEL: 'info' }, { logDestination: capture });
});
afterAll(() => platform?.close());

function expectClean(): void {
  const log = lines.join('');
  for (const secret of [PASSWORD, CLIENT_SECRET, ID_NUMBER, MOBILE, REFRESH]) expect(log).not.toContain(secret);
  expect(log).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
}

describe('logs on the 500 path', () => {
  it('carry no password, secret, token, ID number or mobile from a failing request', async () => {
    const token = await platform.login('admin');
    const { knex } = platform.database;
    await knex.raw('alter table users rename to users_unavailable');
    try {
      const res = await platform.api(`/api/v1/auth/token?client_secret=${CLIENT_SECRET}&idNumber=${ID_NUMBER}`, {
        body: { username: MOBILE, password: PASSWORD },
        headers: { authorization: `Bearer ${token}`, cookie: `refresh=${REFRESH}`, 'x-client-secret': CLIENT_SECRET },
      });
      expect(res.status).toBe(500);
      const me = await platform.api('/api/v1/me', { token });
      expect(me.status).toBe(500);
    } finally {
      await knex.raw('alter table users_unavailable rename to users');
    }
    // A body the JSON parser rejects after reading it: its error object carries the raw text.
    const raw = `{"__proto__":{},"username":"${MOBILE}","password":"${PASSWORD}","idNumber":"${ID_NUMBER}","refreshToken":"${REFRESH}"}`;
    expect((await platform.api('/api/v1/auth/token', { body: raw })).status).toBeGreaterThanOrEqual(400);
    expect(lines.join('')).toContain('unhandled error');
    expectClean();
  });
});
