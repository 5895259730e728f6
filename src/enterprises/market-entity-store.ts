import { BaseModel } from '../db/base-model.js';
import type { DbOrTrx } from '../db/database.js';
import type { District, EntityStatus, EntityType, MarketEntity } from './market-entity.js';

class MarketEntityModel extends BaseModel implements MarketEntity {
  static override tableName = 'market_entities';
  static override idColumn = 'uscc';
  uscc!: string;
  name!: string;
  entityType!: EntityType;
  legalRepresentative!: string;
  districtCode!: string;
  status!: EntityStatus;
  establishedOn!: string;
  registeredCapital!: string;
  industry!: string | null;
}

export interface MarketEntityStore {
  findByUscc(tx: DbOrTrx, uscc: string): Promise<MarketEntity | undefined>;
  /** The name of a GB/T 2260 district the city holds; null for another code. */
  districtName(tx: DbOrTrx, code: string): Promise<string | null>;
  /** Every district the city holds, by code. */
  districts(tx: DbOrTrx): Promise<District[]>;
  insertMany(tx: DbOrTrx, entities: readonly MarketEntity[]): Promise<void>;
  count(tx: DbOrTrx): Promise<number>;
}

function toEntity(m: MarketEntityModel): MarketEntity {
  return {
    uscc: m.uscc,
    name: m.name,
    entityType: m.entityType,
    legalRepresentative: m.legalRepresentative,
    districtCode: m.districtCode,
    status: m.status,
    establishedOn: m.establishedOn,
    registeredCapital: m.registeredCapital,
    industry: m.industry,
  };
}

export const marketEntityStore: MarketEntityStore = {
  async findByUscc(tx, uscc) {
    const row = await MarketEntityModel.query(tx).findById(uscc);
    return row && toEntity(row);
  },
  async districtName(tx, code) {
    const row = (await tx('districts').where({ code }).first('name')) as { name: string } | undefined;
    return row?.name ?? null;
  },
  async districts(tx) {
    return (await tx('districts').orderBy('code').select('code', 'name')) as District[];
  },
  async insertMany(tx, entities) {
    const chunk = 500;
    for (let i = 0; i < entities.length; i += chunk) {
      await MarketEntityModel.query(tx).insert(entities.slice(i, i + chunk) as MarketEntityModel[]);
    }
  },
  async count(tx) {
    const row = (await MarketEntityModel.query(tx).count('* as n').first()) as unknown as { n: number };
    return row.n;
  },
};
