import type { DbOrTrx } from '../../db/database.js';
import type { EntityType, MarketEntity } from '../../enterprises/market-entity.js';

export interface Denominator {
  districtCode: string;
  districtName: string;
  entityType: EntityType;
  existing: number;
}

/** The register category writes the market-entity register and answers the denominators from it. */
export interface RegisterStore {
  districtCodes(tx: DbOrTrx): Promise<Set<string>>;
  upsert(tx: DbOrTrx, entities: readonly MarketEntity[]): Promise<void>;
  findMany(tx: DbOrTrx, usccs: readonly string[]): Promise<MarketEntity[]>;
  /** Which of `usccs` are in the register. */
  existing(tx: DbOrTrx, usccs: readonly string[]): Promise<Set<string>>;
  /** Existing (存续/在业) market entities by district and type. */
  denominators(tx: DbOrTrx): Promise<Denominator[]>;
}

export const registerStore: RegisterStore = {
  async districtCodes(tx) {
    const rows = await tx('districts').select<{ code: string }[]>('code');
    return new Set(rows.map((r) => r.code));
  },
  async upsert(tx, entities) {
    if (entities.length === 0) return;
    await tx('market_entities')
      .insert(
        entities.map((e) => ({
          uscc: e.uscc,
          name: e.name,
          entity_type: e.entityType,
          legal_representative: e.legalRepresentative,
          district_code: e.districtCode,
          status: e.status,
          established_on: e.establishedOn,
          registered_capital: e.registeredCapital,
          industry: e.industry,
          updated_at: tx.fn.now(),
        })),
      )
      .onConflict('uscc')
      .merge();
  },
  async findMany(tx, usccs) {
    return (await tx('market_entities')
      .whereIn('uscc', usccs)
      .select(
        'uscc', 'name', 'entity_type as entityType', 'legal_representative as legalRepresentative', 'district_code as districtCode',
        'status', 'established_on as establishedOn', 'registered_capital as registeredCapital', 'industry',
      )) as MarketEntity[];
  },
  async existing(tx, usccs) {
    if (usccs.length === 0) return new Set();
    // One array parameter (not a thousand placeholders to build, send and plan per chunk of a bulk load).
    const result = await tx.raw('select uscc from market_entities where uscc = any(?::char(18)[])', [[...usccs]]);
    return new Set((result.rows as { uscc: string }[]).map((r) => r.uscc));
  },
  async denominators(tx) {
    return tx('market_entities as m')
      .join('districts as d', 'd.code', 'm.district_code')
      .whereIn('m.status', ['existing', 'operating'])
      .groupBy('m.district_code', 'd.name', 'm.entity_type')
      .orderBy(['m.district_code', 'm.entity_type'])
      .select<Denominator[]>('m.district_code as districtCode', 'd.name as districtName', 'm.entity_type as entityType')
      .count<Denominator[]>('* as existing');
  },
};
