import { CATEGORIES } from '../ingestion/category-registry.js';
import type { CreditRecord } from '../ingestion/records/credit-record.js';

/** One fact a commercial data provider (启信宝-like) reported about an enterprise, as stored. */
export interface ThirdPartyFact {
  provider: string;
  /** Ingestion catalogue category the fact belongs to (e.g. `intellectual_property`). */
  category: string;
  recordKey: string;
  payload: Record<string, unknown>;
  fetchedAt: Date;
}

/** A provider fact as the profile's `third_party` section (第三方数据) shows it. */
export interface ThirdPartyRecord {
  provenance: 'third_party';
  provider: string;
  category: string;
  categoryLabel: string;
  recordKey: string;
  fetchedAt: string;
  payload: Record<string, unknown>;
}

/**
 * Categories whose only source of truth is the government (信用中国 and the issuing
 * departments): a provider's fact there is never used, whether the government has a record
 * (which then prevails) or not (the government's absence, e.g. after a 信用修复, prevails too).
 */
export const GOVERNMENT_ONLY = new Set(['register', 'permits', 'penalties', 'judicial', 'credit_lists']);

const labels = new Map(CATEGORIES.map((c) => [c.category, c.label]));

/**
 * The provider facts a profile may show, in their own section: outside the government-only
 * categories and only where no usable government record has the same category and key
 * (信用中国 prevails). Government records are never changed by them. Whether an institution
 * sees the section at all is the consent gate's business: it is the `third_party` scope.
 */
export function thirdPartyRecords(government: readonly CreditRecord[], facts: readonly ThirdPartyFact[]): ThirdPartyRecord[] {
  const governmentKeys = new Set(government.map((g) => `${g.category}\u0000${g.recordKey}`));
  return thirdPartyCandidates(facts).filter((f) => !governmentKeys.has(`${f.category}\u0000${f.recordKey}`));
}

/** The facts outside the government-only categories, as the section shows them, by category and record key. */
export function thirdPartyCandidates(facts: readonly ThirdPartyFact[]): ThirdPartyRecord[] {
  return facts
    .filter((f) => !GOVERNMENT_ONLY.has(f.category))
    .map((f) => ({
      provenance: 'third_party' as const,
      provider: f.provider,
      category: f.category,
      categoryLabel: labels.get(f.category) ?? f.category,
      recordKey: f.recordKey,
      fetchedAt: new Date(f.fetchedAt).toISOString(),
      payload: f.payload,
    }))
    .sort((a, b) => (a.category === b.category ? (a.recordKey < b.recordKey ? -1 : a.recordKey > b.recordKey ? 1 : 0) : a.category < b.category ? -1 : 1));
}
