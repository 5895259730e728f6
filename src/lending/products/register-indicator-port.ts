import type { DbOrTrx } from '../../db/database.js';
import type { MarketEntity } from '../../enterprises/market-entity.js';
import { shanghaiDate } from '../../platform/business-date.js';
import type { Clock } from '../../platform/clock.js';
import type { ProfileIndicators } from './eligibility.js';
import type { ProfileIndicatorPort } from './ports.js';

/**
 * Indicators available before credit profiles (issue #6) exist: what the market-entity register
 * says about the enterprise. Profiles will add tax, social-security and utility indicators.
 */
export function registerIndicatorPort(deps: {
  usccOf(tx: DbOrTrx, enterpriseId: string): Promise<string>;
  lookup(uscc: string): Promise<MarketEntity>;
  clock: Clock;
}): ProfileIndicatorPort {
  return {
    async indicatorsFor(tx, enterpriseId): Promise<ProfileIndicators> {
      const entity = await deps.lookup(await deps.usccOf(tx, enterpriseId));
      const today = shanghaiDate(deps.clock.now());
      const years =
        Number(today.slice(0, 4)) - Number(entity.establishedOn.slice(0, 4)) - (today.slice(5) < entity.establishedOn.slice(5) ? 1 : 0);
      return {
        entityType: entity.entityType,
        districtCode: entity.districtCode,
        industry: entity.industry,
        registeredCapital: entity.registeredCapital,
        yearsEstablished: years,
      };
    },
  };
}
