import type { DbOrTrx } from '../db/database.js';
import type { CreditProfile, ProfileSection } from './credit-profile.js';

export interface ProfileHead {
  uscc: string;
  currentVersion: number;
  stale: boolean;
  staleAfter: string | null;
}

export interface NewProfileVersion {
  uscc: string;
  version: number;
  inputsHash: string;
  asOf: string;
  sections: ProfileSection[];
  reason: string;
}

export interface VersionUsage {
  uscc: string;
  version: number;
  builtAt: Date;
  current: boolean;
}

export interface ProfileStore {
  markStale(tx: DbOrTrx, usccs: readonly string[]): Promise<void>;
  /** The head row, created if missing, locked for the rest of the transaction. */
  lockHead(tx: DbOrTrx, uscc: string): Promise<ProfileHead>;
  head(tx: DbOrTrx, uscc: string): Promise<ProfileHead | undefined>;
  version(tx: DbOrTrx, uscc: string, version: number): Promise<CreditProfile | undefined>;
  insertVersion(tx: DbOrTrx, v: NewProfileVersion, recordIds: readonly number[]): Promise<void>;
  setHead(tx: DbOrTrx, uscc: string, head: { currentVersion: number; staleAfter: string }): Promise<void>;
  /** USCCs to rebuild: marked stale, or past their stale-after date. */
  dueForRebuild(tx: DbOrTrx, today: string, limit: number): Promise<string[]>;
  versionsUsing(tx: DbOrTrx, recordId: number): Promise<VersionUsage[]>;
}

export const profileStore: ProfileStore = {
  async markStale(tx, usccs) {
    if (usccs.length === 0) return;
    await tx.raw(
      `insert into credit_profiles (uscc, stale) select u, true from jsonb_array_elements_text(?::jsonb) as u
       on conflict (uscc) do update set stale = true, updated_at = now() where not credit_profiles.stale`,
      [JSON.stringify(usccs)],
    );
  },
  async lockHead(tx, uscc) {
    await tx('credit_profiles').insert({ uscc, stale: true }).onConflict('uscc').ignore();
    return (await tx('credit_profiles')
      .where({ uscc })
      .forUpdate()
      .first('uscc', 'current_version as currentVersion', 'stale', 'stale_after as staleAfter')) as ProfileHead;
  },
  async head(tx, uscc) {
    return (await tx('credit_profiles')
      .where({ uscc })
      .first('uscc', 'current_version as currentVersion', 'stale', 'stale_after as staleAfter')) as ProfileHead | undefined;
  },
  async version(tx, uscc, version) {
    return (await tx('credit_profile_versions')
      .where({ uscc, version })
      .first('uscc', 'version', 'inputs_hash as inputsHash', 'as_of as asOf', 'built_at as builtAt', 'reason', 'sections')) as
      | CreditProfile
      | undefined;
  },
  async insertVersion(tx, v, recordIds) {
    const [row] = await tx('credit_profile_versions')
      .insert({ uscc: v.uscc, version: v.version, inputs_hash: v.inputsHash, as_of: v.asOf, sections: JSON.stringify(v.sections), reason: v.reason })
      .returning('id');
    const versionId = (row as { id: number }).id;
    if (recordIds.length) {
      await tx.raw(
        'insert into credit_profile_record_usage (profile_version_id, record_id) select ?, r::bigint from jsonb_array_elements_text(?::jsonb) as r',
        [versionId, JSON.stringify(recordIds)],
      );
    }
  },
  async setHead(tx, uscc, head) {
    await tx('credit_profiles')
      .where({ uscc })
      .update({ current_version: head.currentVersion, stale: false, stale_after: head.staleAfter, updated_at: tx.fn.now() });
  },
  async dueForRebuild(tx, today, limit) {
    const rows = await tx('credit_profiles')
      .where('stale', true)
      .orWhere('stale_after', '<=', today)
      .orderBy('updated_at')
      .limit(limit)
      .select<{ uscc: string }[]>('uscc');
    return rows.map((r) => r.uscc);
  },
  async versionsUsing(tx, recordId) {
    return tx('credit_profile_record_usage as u')
      .join('credit_profile_versions as v', 'v.id', 'u.profile_version_id')
      .join('credit_profiles as h', 'h.uscc', 'v.uscc')
      .where('u.record_id', recordId)
      .orderBy(['v.uscc', 'v.version'])
      .select<VersionUsage[]>('v.uscc', 'v.version', 'v.built_at as builtAt', tx.raw('v.version = h.current_version as current'));
  },
};
