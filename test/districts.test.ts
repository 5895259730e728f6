import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

describe('GET /api/v1/districts', () => {
  it('names every district of the city for each person who sees a profile, so no page shows a district code', async () => {
    const table = (await platform.database.knex('districts').orderBy('code').select('code', 'name')) as { code: string; name: string }[];
    expect(table.length).toBeGreaterThan(0);
    const enterprise = platform.demo!.accounts.find((a) => a.role === 'enterprise')!;
    const entity = await platform.database.knex('market_entities').where({ uscc: enterprise.username }).first('district_code');
    for (const username of [enterprise.username, 'icbc_officer', 'admin']) {
      const res = await platform.api('/api/v1/districts', { token: await platform.login(username) });
      expect(res.status, username).toBe(200);
      const { items } = (await res.json()) as { items: { code: string; name: string }[] };
      expect(items).toEqual(table);
      expect(items.find((d) => d.code === entity.district_code)?.name).toBe(table.find((d) => d.code === entity.district_code)!.name);
    }
  });

  it('is refused without a login', async () => {
    const res = await platform.api('/api/v1/districts');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
