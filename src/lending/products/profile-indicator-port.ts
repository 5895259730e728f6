import type { DbOrTrx } from '../../db/database.js';
import type { ProfileService } from '../../profiles/profile-service.js';
import type { ProfileIndicators } from './eligibility.js';
import type { ProfileIndicatorPort } from './ports.js';

/**
 * Eligibility reads the enterprise's own credit profile (issue #6): every profile indicator by
 * its code (e.g. `latest_tax_grade`, `insured_headcount`, `on_serious_dishonesty_list`), on top of
 * the register-derived ones (`yearsEstablished`, `registeredCapital`, …) products already use.
 * Repaired records are not in the profile, so they never count against an enterprise.
 */
export function profileIndicatorPort(deps: {
  register: ProfileIndicatorPort;
  profiles: ProfileService;
  usccOf(tx: DbOrTrx, enterpriseId: string): Promise<string>;
}): ProfileIndicatorPort {
  return {
    async indicatorsFor(tx, enterpriseId): Promise<ProfileIndicators> {
      const register = await deps.register.indicatorsFor(tx, enterpriseId);
      const profile = await deps.profiles.profileIn(tx, await deps.usccOf(tx, enterpriseId));
      const fromProfile = Object.fromEntries(profile.sections.flatMap((s) => s.indicators.map((i) => [i.code, i.value])));
      return { ...fromProfile, ...register };
    },
  };
}
