import type { DbOrTrx } from '../../db/database.js';
import type { ProviderRecord } from './third-party-port.js';

export interface StoredProviderRecord extends ProviderRecord {
  provider: string;
  uscc: string;
  fetchedAt: Date;
}

/** Provider records, kept apart from government credit records (provenance `third_party`). */
export const thirdPartyStore = {
  async replaceFor(tx: DbOrTrx, provider: string, uscc: string, records: readonly ProviderRecord[], at: Date): Promise<void> {
    await tx('third_party_records').where({ provider, uscc }).delete();
    if (records.length === 0) return;
    await tx('third_party_records').insert(
      records.map((r) => ({ provider, uscc, category: r.category, record_key: r.recordKey, payload: JSON.stringify(r.payload), fetched_at: at })),
    );
  },

  async forUsccs(tx: DbOrTrx, usccs: readonly string[]): Promise<StoredProviderRecord[]> {
    if (usccs.length === 0) return [];
    const rows = (await tx('third_party_records').whereIn('uscc', [...usccs]).orderBy(['uscc', 'category', 'record_key', 'provider'])) as Record<string, unknown>[];
    return rows.map((r) => ({
      provider: r.provider as string,
      uscc: (r.uscc as string).trim(),
      category: r.category as string,
      recordKey: r.record_key as string,
      payload: r.payload as Record<string, unknown>,
      fetchedAt: r.fetched_at as Date,
    }));
  },
};

export type ThirdPartyStore = typeof thirdPartyStore;
