/** The two zones (专区) the seeds name; their codes are the loan products' zone tags. */
export const ZONE_CODES = ['rural_revitalization', 'tech_loan'] as const;
export type ZoneCode = (typeof ZONE_CODES)[number];

export const ZONE_NAMES: Record<ZoneCode, string> = {
  rural_revitalization: '乡村振兴专区',
  tech_loan: '科技贷专区',
};

export interface ZonePolicy {
  title: string;
  summary: string;
  sourceDocument: string;
  effectiveFrom: string;
}

export interface Zone {
  code: ZoneCode;
  name: string;
  intro: string;
  featuredProductIds: string[];
  policies: ZonePolicy[];
  updatedAt: Date | null;
}

/** Whether an enterprise may use the zone, and the facts that decided it (in Chinese, for the page). */
export interface ZoneEligibility {
  eligible: boolean;
  basis: string[];
}
