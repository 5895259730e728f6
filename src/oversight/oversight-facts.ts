/**
 * The aggregates the KPIs are computed from, as the store reads them from the materialised
 * views: small rows per month and district (money as decimal strings, counts as numbers).
 * Everything the KPI arithmetic needs is here, so it runs (and is tested) without a database.
 */
export interface DistrictCount {
  districtCode: string;
  count: number;
}

export interface MonthlyDistrictCount extends DistrictCount {
  month: string;
}

export interface LoanMonth {
  month: string;
  /** The district code, or the bank id where loans are read per bank. */
  group: string;
  disbursed: string;
  repaid: string;
  inclusiveDisbursed: string;
  inclusiveRepaid: string;
  creditInclusiveDisbursed: string;
  creditInclusiveRepaid: string;
  guaranteeDisbursed: string;
  guaranteeRepaid: string;
  onlineDisbursed: string;
  firstLoans: number;
  firstLoanAmount: string;
  /** Σ disbursed × annual rate (%), and the disbursed amount that carries a rate. */
  rateWeighted: string;
  ratedAmount: string;
}

export interface ApplicationMonth {
  month: string;
  districtCode: string;
  bankId: string;
  submitted: number;
  accepted: number;
  decided: number;
  approved: number;
  disbursed: number;
  appliedAmount: string;
  approvedAmount: string;
  disbursedAmount: string;
  acceptWorkSeconds: number;
  decisionWorkSeconds: number;
}

export interface BankAccess {
  id: string;
  code: string;
  name: string;
  lastExchangeAt: Date | null;
}

export interface KpiTarget {
  kpiCode: string;
  comparator: 'gt' | 'gte' | 'lt' | 'lte';
  target: string;
  source: string;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface CityBalance {
  month: string;
  balance: string;
  source: string;
}

export interface District {
  code: string;
  name: string;
}

export interface OversightFacts {
  refreshedAt: Date | null;
  districts: District[];
  /** 存续 market entities per district (all entity types). */
  entities: DistrictCount[];
  registrations: MonthlyDistrictCount[];
  /** Enterprises by the month of their first authorisation. */
  authorisations: MonthlyDistrictCount[];
  activeAuthorisations: DistrictCount[];
  loans: LoanMonth[];
  applications: ApplicationMonth[];
  /** Active record counts per ingestion category (`utilities:<type>` per utility). */
  records: Record<string, number>;
  publicity: { month: string; total: number; onTime: number }[];
  usccQuality: { month: string; rowsRead: number; errors: number }[];
  /** Enterprises with a 信用承诺 on record, and those of them whose fulfilment has been checked (履约践诺). */
  commitments: { committed: number; withFulfilment: number };
  banks: BankAccess[];
  cityBalances: CityBalance[];
  targets: KpiTarget[];
  /** Bank ids with an ACTIVE pre-credit model (联合建模). */
  precreditModelBanks: string[];
}

export type OversightConfiguration = Pick<OversightFacts, 'cityBalances' | 'targets' | 'precreditModelBanks'>;
