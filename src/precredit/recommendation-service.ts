import type { ProductWithMatch } from '../lending/products/loan-product.js';
import type { Principal } from '../platform/roles.js';
import { recommend, type Recommendation } from './recommendation.js';
import type { WhitelistService } from './whitelist-service.js';

/** 推荐产品 for the signed-in enterprise: published products with their eligibility, ranked with its pre-credit results. */
export class RecommendationService {
  constructor(
    private readonly deps: {
      whitelist: WhitelistService;
      /** Published products with the enterprise's eligibility match (lending's catalogue). */
      products(enterprise: Principal): Promise<ProductWithMatch[]>;
      districtOf(enterpriseId: string): Promise<string | null>;
    },
  ) {}

  async forEnterprise(enterprise: Principal): Promise<Recommendation[]> {
    const [products, results, district] = await Promise.all([
      this.deps.products(enterprise),
      this.deps.whitelist.forEnterprise(enterprise.enterpriseId!),
      this.deps.districtOf(enterprise.enterpriseId!),
    ]);
    return recommend(products, results, district);
  }
}
