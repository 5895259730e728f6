import { userStore } from '../auth/user-store.js';
import type { Db } from '../db/database.js';
import { ACTIVE_STATUSES, type MarketEntity } from '../enterprises/market-entity.js';
import { marketEntityStore } from '../enterprises/market-entity-store.js';
import { institutionStore } from '../institutions/institution-store.js';
import { PLATFORM_OPERATOR, type Role } from '../platform/roles.js';
import type { Services } from '../services.js';
import { sourceCategoryStore } from '../ingestion/sources/source-category-store.js';
import {
  DEMO_DISTRICTS,
  DEMO_ENTERPRISE_MOBILE,
  DEMO_INSTITUTIONS,
  DEMO_PASSWORD,
  generateMarketEntities,
  institutionUscc,
} from './demo-city.js';
import { DEMO_TECH_LISTING_FILE, seedDemoCreditRecords, seedDemoTechListing, SOURCE_OF, type DemoRecordSummary } from './seed-demo-credit-records.js';

const ROLE_BY_TYPE: Record<string, Role> = {
  bank: 'bank_officer',
  guarantee_company: 'guarantee_officer',
  financial_office: 'financial_office',
  data_source: 'data_source',
};

export interface DemoAccount {
  role: Role;
  username: string;
  password: string;
  who: string;
}

export interface DemoSummary {
  /** True when this call created the demo city (first start). */
  seeded: boolean;
  entityCount: number;
  accounts: DemoAccount[];
  /** An active, not yet registered entity to try 企业注册 with. */
  tryRegistering: Pick<MarketEntity, 'uscc' | 'name' | 'legalRepresentative'>;
  /** Generated government records sent through ingestion on first start (undefined on later starts). */
  creditRecords?: DemoRecordSummary;
}

function accountsFor(entities: readonly MarketEntity[]): { accounts: DemoAccount[]; demoEnterprise: MarketEntity; next: MarketEntity } {
  const active = entities.filter((e) => e.entityType === 'enterprise' && ACTIVE_STATUSES.has(e.status));
  const [demoEnterprise, next] = active;
  if (!demoEnterprise || !next) throw new Error('demo city has too few active enterprises');
  const accounts: DemoAccount[] = [
    { role: 'admin', username: 'admin', password: DEMO_PASSWORD, who: '平台运营管理员' },
    { role: 'admin', username: 'admin2', password: DEMO_PASSWORD, who: '平台复核管理员（机构变更的第二人审核）' },
    ...DEMO_INSTITUTIONS.map((i) => ({ role: ROLE_BY_TYPE[i.type]!, username: i.username, password: DEMO_PASSWORD, who: i.name })),
    ...DEMO_INSTITUTIONS.flatMap((i) => (i.adminUsername ? [{ role: ROLE_BY_TYPE[i.type]!, username: i.adminUsername, password: DEMO_PASSWORD, who: `${i.name}（机构管理员）` }] : [])),
    { role: 'enterprise', username: demoEnterprise.uscc, password: DEMO_PASSWORD, who: demoEnterprise.name },
  ];
  return { accounts, demoEnterprise, next };
}

/**
 * First start: the districts, the generated market-entity register, the institutions, one demo
 * user per institution (and a 机构管理员 per bank and guarantee company) plus an admin, and one
 * registered demo enterprise. Later starts find the register filled and only describe the
 * (deterministic) demo accounts.
 */
export async function seedDemoCity(knex: Db, services: Services, entityCount: number, creditRecordEntities = 0, progress: (step: string) => void = () => {}): Promise<DemoSummary> {
  const entities = generateMarketEntities(entityCount);
  const { accounts, demoEnterprise, next } = accountsFor(entities);
  const summary = (seeded: boolean, count: number): DemoSummary => ({
    seeded,
    entityCount: count,
    accounts,
    tryRegistering: { uscc: next.uscc, name: next.name, legalRepresentative: next.legalRepresentative },
  });

  const existing = await marketEntityStore.count(knex);
  if (existing > 0 && (await demoSeedFinished(knex))) return summary(false, existing);
  const institutionIds = new Map<string, string>();
  if (existing > 0) {
    // A first start stopped (SIGTERM, SIGKILL, a crash) after the register was written: the steps
    // after it are finished now, each safe to repeat (registration skipped once done, re-sent
    // records never duplicate).
    const rows = (await knex('institutions').whereIn('code', DEMO_INSTITUTIONS.map((i) => i.code)).select('code', 'id')) as { code: string; id: string }[];
    for (const { code, id } of rows) institutionIds.set(code, id);
    progress('resuming the seed a stopped first start left unfinished');
  } else {
    await writeRegisterAndAccounts(knex, services, entities, institutionIds);
  }
  progress('register and accounts written');
  if (!(await knex('enterprises').where({ uscc: demoEnterprise.uscc }).first('id'))) await registerDemoEnterprise(services, demoEnterprise);
  progress('demo enterprise registered');
  const creditRecords = await seedDemoCreditRecords(services, entities, creditRecordEntities, institutionIds);
  progress('credit records loaded');
  // Last: its completed batch marks the seed finished (demoSeedFinished).
  await seedDemoTechListing(services, demoEnterprise.uscc, institutionIds);
  return { ...summary(true, entities.length), creditRecords };
}

/** The seed's last step, the demo enterprise's 高新技术企业 listing, was loaded. */
async function demoSeedFinished(knex: Db): Promise<boolean> {
  return (await knex('ingestion_batches').where({ category: 'tech_lists', file_name: DEMO_TECH_LISTING_FILE, status: 'completed' }).first('id')) !== undefined;
}

/** Districts, the market-entity register, institutions and their demo accounts: one transaction. */
async function writeRegisterAndAccounts(knex: Db, services: Services, entities: readonly MarketEntity[], institutionIds: Map<string, string>): Promise<void> {
  const passwordHash = await services.hashPassword(DEMO_PASSWORD);
  await knex.transaction(async (tx) => {
    await tx('districts').insert(DEMO_DISTRICTS.map(({ code, name }) => ({ code, name })));
    await marketEntityStore.insertMany(tx, entities);
    const operator = await institutionStore.insert(tx, {
      code: 'PLATFORM',
      name: '黄石市信易贷平台运营方',
      type: PLATFORM_OPERATOR,
      uscc: institutionUscc(DEMO_INSTITUTIONS.length, 'bank'),
    });
    for (const [username, displayName] of [['admin', '平台运营管理员'], ['admin2', '平台复核管理员']] as const) {
      await userStore.insert(tx, { username, passwordHash, role: 'admin', displayName, institutionId: operator.id, enterpriseId: null, position: 'institution_admin' });
    }
    for (const [index, demo] of DEMO_INSTITUTIONS.entries()) {
      const institution = await institutionStore.insert(tx, {
        code: demo.code,
        name: demo.name,
        type: demo.type,
        uscc: institutionUscc(index, demo.type),
      });
      institutionIds.set(demo.code, institution.id);
      await userStore.insert(tx, {
        username: demo.username,
        passwordHash,
        role: ROLE_BY_TYPE[demo.type]!,
        displayName: `${demo.name}演示用户`,
        institutionId: institution.id,
        enterpriseId: null,
        position: 'officer',
      });
      if (demo.adminUsername) {
        await userStore.insert(tx, {
          username: demo.adminUsername,
          passwordHash,
          role: ROLE_BY_TYPE[demo.type]!,
          displayName: `${demo.name}机构管理员`,
          institutionId: institution.id,
          enterpriseId: null,
          position: 'institution_admin',
        });
      }
    }
    for (const [code, id] of institutionIds) {
      const categories = Object.keys(SOURCE_OF).filter((category) => SOURCE_OF[category] === code);
      if (categories.length) await sourceCategoryStore.replace(tx, id, categories);
    }
  });
}

/** The demo enterprise registers as a person would: the code is read from the simulator's inbox. */
async function registerDemoEnterprise(services: Services, demoEnterprise: MarketEntity): Promise<void> {
  if (!services.smsInbox) throw new Error('the demo seed needs SMS_GATEWAY=simulator to verify the demo enterprise mobile');
  await services.registration.sendMobileCode(DEMO_ENTERPRISE_MOBILE, null);
  await services.registration.register({
    mobileCode: (await services.smsInbox.latestCodeTo(DEMO_ENTERPRISE_MOBILE)) ?? '',
    uscc: demoEnterprise.uscc,
    name: demoEnterprise.name,
    legalRepresentative: demoEnterprise.legalRepresentative,
    contactName: demoEnterprise.legalRepresentative,
    contactMobile: DEMO_ENTERPRISE_MOBILE,
    password: DEMO_PASSWORD,
  }, null);
}
