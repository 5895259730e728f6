import type { DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import type { EntityType } from '../../enterprises/market-entity.js';
import type { LoanProduct, ProductWithMatch } from '../../lending/products/loan-product.js';
import type { TechList } from '../../ingestion/categories/tech-lists-labels.js';
import { shanghaiDate } from '../../platform/business-date.js';
import type { Clock } from '../../platform/clock.js';
import { unprocessable } from '../../platform/errors.js';
import type { Principal } from '../../platform/roles.js';
import type { Zone, ZoneCode, ZoneEligibility, ZonePolicy } from './zone.js';
import { ruralEligibility, techEligibility } from './zone-eligibility.js';
import type { ZoneStore } from './zone-store.js';

export const MAX_FEATURED = 6;

export interface ZoneServiceDeps {
  transaction: TransactionRunner;
  store: ZoneStore;
  clock: Clock;
  /** Published products tagged with the zone (with the enterprise's match when the viewer is one). */
  taggedProducts(viewer: Principal | undefined, zone: ZoneCode): Promise<ProductWithMatch[]>;
  product(id: string): Promise<LoanProduct>;
  registerEntry(uscc: string): Promise<{ entityType: EntityType; industry: string | null }>;
  enterpriseUscc(tx: DbOrTrx, enterpriseId: string): Promise<string>;
  /** The tech lists the firm is on on a business date (the 科技企业名单 category). */
  techLists(tx: DbOrTrx, uscc: string, asOf: string): Promise<TechList[]>;
}

export interface ZonePage extends Zone {
  /** Featured products first, in the office's order, then the other tagged products. */
  products: (ProductWithMatch & { featured: boolean })[];
}

/**
 * 专区: a zone's page is its curated introduction and policies, and the published products
 * banks tagged with it, the office's featured ones first. Eligibility is decided from data:
 * 涉农 from the market-entity register, the tech lists through their port.
 */
export class ZoneService {
  constructor(private readonly deps: ZoneServiceDeps) {}

  async page(viewer: Principal | undefined, code: ZoneCode): Promise<ZonePage> {
    const [zone, tagged] = await Promise.all([this.deps.transaction((tx) => this.deps.store.find(tx, code)), this.deps.taggedProducts(viewer, code)]);
    const rank = (id: string) => {
      const i = zone.featuredProductIds.indexOf(id);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    const products = tagged.map((p) => ({ ...p, featured: zone.featuredProductIds.includes(p.id) })).sort((a, b) => rank(a.id) - rank(b.id));
    return { ...zone, products };
  }

  async eligibility(enterpriseId: string, code: ZoneCode): Promise<ZoneEligibility> {
    const uscc = await this.deps.transaction((tx) => this.deps.enterpriseUscc(tx, enterpriseId));
    if (code === 'rural_revitalization') return ruralEligibility(await this.deps.registerEntry(uscc));
    const asOf = shanghaiDate(this.deps.clock.now());
    return techEligibility(await this.deps.transaction((tx) => this.deps.techLists(tx, uscc, asOf)));
  }

  /** The office replaces the zone's introduction, policies and featured products (published and tagged with the zone). */
  async curate(principal: Principal, code: ZoneCode, input: { intro: string; featuredProductIds: string[]; policies: ZonePolicy[] }): Promise<Zone> {
    const ids = [...new Set(input.featuredProductIds)];
    if (ids.length > MAX_FEATURED) throw unprocessable('TOO_MANY_FEATURED', `每个专区最多推荐 ${MAX_FEATURED} 个产品`, [{ field: 'featuredProductIds', code: 'too_many', message: `最多 ${MAX_FEATURED} 个` }]);
    for (const [index, id] of ids.entries()) {
      const product = await this.deps.product(id).catch(() => undefined);
      if (product?.status !== 'published' || !product.zoneTags.includes(code)) {
        throw unprocessable('PRODUCT_NOT_IN_ZONE', '推荐产品须为已上架且标注本专区的产品', [{ field: `featuredProductIds.${index}`, code: 'not_in_zone', message: '该产品未上架或未标注本专区' }]);
      }
    }
    return this.deps.transaction((tx) =>
      this.deps.store.curate(tx, code, { ...input, featuredProductIds: ids, updatedAt: this.deps.clock.now(), updatedBy: principal.userId }),
    );
  }
}
