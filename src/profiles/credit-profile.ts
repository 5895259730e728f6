import type { ProfileScope } from '../platform/profile-scopes.js';
import type { ThirdPartyRecord } from './third-party-section.js';

/** Where a record behind an indicator came from (provenance shown to the enterprise). */
export interface SourceRecord {
  id: number;
  category: string;
  categoryLabel: string;
  recordKey: string;
  businessDate: string | null;
  sourceInstitutionId: string;
  sourceName: string | null;
  batchId: string;
  receivedAt: string;
  /** 双公示 permits and penalties: whether the department published within 7 working days. */
  publishedOnTime: boolean | null;
  /** 异议中: the enterprise disputes this record and the department has not answered yet. */
  underObjection: boolean;
}

export type IndicatorValue = string | number | boolean | null;

export interface Indicator {
  code: string;
  label: string;
  value: IndicatorValue;
  unit: string | null;
  /** The credit records this value was computed from. */
  recordIds: number[];
}

/** One month of a series; money as a decimal string, counts as numbers. */
export interface SeriesPoint {
  period: string;
  value: string | number;
  recordIds: number[];
}

/** Values by month (所属期) for charts; months without records are absent, not zero. */
export interface ProfileSeries {
  code: string;
  label: string;
  unit: string;
  points: SeriesPoint[];
}

export interface ProfileSection {
  scope: ProfileScope;
  label: string;
  indicators: Indicator[];
  /** Monthly values over the last 24 months (tax, insured headcount, utility bills). */
  series: ProfileSeries[];
  records: SourceRecord[];
  /** The `third_party` section only: provider facts, each marked `third_party` in provenance. */
  thirdParty?: ThirdPartyRecord[];
}

export interface CreditProfile {
  uscc: string;
  version: number;
  inputsHash: string;
  asOf: string;
  builtAt: Date;
  reason: string;
  sections: ProfileSection[];
}
