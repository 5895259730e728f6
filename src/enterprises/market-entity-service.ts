import type { Db } from '../db/database.js';
import { notFound } from '../platform/errors.js';
import type { District, MarketEntity } from './market-entity.js';
import type { MarketEntityStore } from './market-entity-store.js';
import { normalizeUscc } from '../platform/uscc.js';

export class MarketEntityService {
  constructor(
    private readonly db: Db,
    private readonly marketEntities: MarketEntityStore,
  ) {}

  /** 市场主体登记查询: the register entry, with its district named as people read it. */
  async lookup(uscc: string): Promise<MarketEntity & { districtName: string | null }> {
    const entity = await this.marketEntities.findByUscc(this.db, normalizeUscc(uscc));
    if (!entity) throw notFound('ENTITY_NOT_IN_REGISTER', '市场主体登记信息中查无此统一社会信用代码');
    return { ...entity, districtName: await this.marketEntities.districtName(this.db, entity.districtCode) };
  }

  /** The city's districts, so pages name a district where records carry its code. */
  districts(): Promise<District[]> {
    return this.marketEntities.districts(this.db);
  }
}
