import { DEMO_AUTHORITIES } from '../../src/demo/demo-credit-records.js';
import { eventually } from './lending-fixtures.js';
import { verifiedMobile } from './registration-code.js';
import type { TestPlatform } from './test-platform.js';

export interface FreshEnterprise {
  uscc: string;
  name: string;
  password: string;
}

/**
 * Registers `count` enterprises of the register that have no government records yet (so their
 * profiles hold only what a test sends), in USCC order.
 */
export async function registerRecordless(platform: TestPlatform, count: number): Promise<FreshEnterprise[]> {
  const knex = platform.database.knex;
  const free = (await knex('market_entities as m')
    .leftJoin('enterprises as e', 'e.uscc', 'm.uscc')
    .whereNull('e.id')
    .where('m.entity_type', 'enterprise')
    .whereIn('m.status', ['existing', 'operating'])
    .whereNotExists(knex('all_credit_records as r').whereRaw('r.uscc = m.uscc'))
    .orderBy('m.uscc')
    .limit(count)
    .select('m.uscc', 'm.name', 'm.legal_representative')) as { uscc: string; name: string; legal_representative: string }[];
  if (free.length < count) throw new Error('ran out of entities without records');
  const password = 'Xyd#Test2026!';
  const out: FreshEnterprise[] = [];
  for (const m of free) {
    const res = await platform.api('/api/v1/enterprises/registrations', {
      body: { uscc: m.uscc, name: m.name, legalRepresentative: m.legal_representative, contactName: '联系人', password, ...(await verifiedMobile(platform)) },
    });
    if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
    out.push({ uscc: m.uscc, name: m.name, password });
  }
  return out;
}

/**
 * The 公共信用信息中心 reports the firm on the 严重失信主体名单 through ingestion, as in production;
 * resolves once the firm's profile says so.
 */
export async function listAsSeriouslyDishonest(platform: TestPlatform, uscc: string): Promise<void> {
  const feed = await platform.login('credit_feed');
  const authority = DEMO_AUTHORITIES.market;
  const row = { uscc, listType: '严重违法失信名单', listingAuthority: authority.name, authorityUscc: authority.uscc, listedOn: '2026-03-01', reason: '提供虚假材料取得登记' };
  const res = await platform.api('/api/v1/ingestion/credit_lists/records?formatVersion=1', {
    token: feed,
    body: JSON.stringify(row) + '\n',
    headers: { 'content-type': 'application/x-ndjson' },
  });
  if (res.status >= 300) throw new Error(`listing failed: ${res.status} ${await res.text()}`);
  await eventually(
    async () => (await platform.services.profiles.profileFor(uscc)) as unknown as { sections: { indicators: { code: string; value: unknown }[] }[] },
    (p) => p.sections.some((s) => s.indicators.some((i) => i.code === 'on_serious_dishonesty_list' && i.value === true)),
  );
}
