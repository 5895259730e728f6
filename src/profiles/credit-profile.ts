import type { ProfileScope } from './profile-scopes.js';

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

export interface ProfileSection {
  scope: ProfileScope;
  label: string;
  indicators: Indicator[];
  records: SourceRecord[];
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
