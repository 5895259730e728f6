import type { StoredProviderRecord } from './third-party-store.js';

/** The consent scope an enterprise grants to let its profile use commercial data. */
export const THIRD_PARTY_SCOPE = 'third_party';

/**
 * Categories whose only source of truth is the government (信用中国 and the issuing
 * departments): a provider's fact there is never used, whether the government has a record
 * (which then prevails) or not (the government's absence, e.g. after a 信用修复, prevails too).
 */
export const GOVERNMENT_ONLY = new Set(['register', 'permits', 'penalties', 'judicial', 'credit_lists']);

export interface GovernmentFact {
  category: string;
  recordKey: string;
}

export interface SupplementedRecord {
  provenance: 'government' | 'third_party';
  category: string;
  recordKey: string;
  /** Provider name for third-party records, the source institution for government ones. */
  source: string | null;
}

export interface Supplement {
  records: SupplementedRecord[];
  /** Provider facts not used, and why: a government record of the same key, or a government-only category. */
  ignored: { category: string; recordKey: string; provider: string; reason: 'government_record' | 'government_only' | 'not_granted' }[];
}

/**
 * Government records first and unchanged; provider facts only where the grant allows them,
 * outside government-only categories, and where no government record has the same key.
 */
export function supplement(
  government: readonly (GovernmentFact & { sourceName: string | null })[],
  provider: readonly StoredProviderRecord[],
  grantScopes: readonly string[],
): Supplement {
  const governmentKeys = new Set(government.map((g) => `${g.category}\u0000${g.recordKey}`));
  const out: Supplement = { records: government.map((g) => ({ provenance: 'government', category: g.category, recordKey: g.recordKey, source: g.sourceName })), ignored: [] };
  const granted = grantScopes.includes(THIRD_PARTY_SCOPE);
  for (const p of provider) {
    const reason = !granted
      ? 'not_granted'
      : GOVERNMENT_ONLY.has(p.category)
        ? 'government_only'
        : governmentKeys.has(`${p.category}\u0000${p.recordKey}`)
          ? 'government_record'
          : undefined;
    if (reason) out.ignored.push({ category: p.category, recordKey: p.recordKey, provider: p.provider, reason });
    else out.records.push({ provenance: 'third_party', category: p.category, recordKey: p.recordKey, source: p.provider });
  }
  return out;
}
