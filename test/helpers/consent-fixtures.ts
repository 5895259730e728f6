import { verifiedMobile } from './registration-code.js';
import type { TestPlatform } from './test-platform.js';

export interface TestEnterprise {
  id: string;
  uscc: string;
  name: string;
  token: string;
}

/** Registers `count` enterprises from active, not yet registered register entries and logs each in. */
export async function registerEnterprises(platform: TestPlatform, count: number): Promise<TestEnterprise[]> {
  const free = (await platform.database
    .knex('market_entities as m')
    .leftJoin('enterprises as e', 'e.uscc', 'm.uscc')
    .whereNull('e.id')
    .whereIn('m.status', ['existing', 'operating'])
    .orderBy('m.uscc')
    .limit(count)
    .select('m.uscc', 'm.name', 'm.legal_representative')) as { uscc: string; name: string; legal_representative: string }[];
  if (free.length < count) throw new Error('ran out of demo entities');
  return Promise.all(
    free.map(async (m) => {
      const res = await platform.api('/api/v1/enterprises/registrations', {
        body: {
          uscc: m.uscc,
          name: m.name,
          legalRepresentative: m.legal_representative,
          contactName: '联系人',
          password: 'Passw0rd!',
          ...(await verifiedMobile(platform)),
        },
      });
      if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
      return { id, uscc: m.uscc, name: m.name, token: await platform.login(m.uscc, 'Passw0rd!') };
    }),
  );
}

export async function institutionId(platform: TestPlatform, code: string): Promise<string> {
  const row = (await platform.database.knex('institutions').where({ code }).first('id')) as { id: string } | undefined;
  if (!row) throw new Error(`no institution ${code}`);
  return row.id;
}
