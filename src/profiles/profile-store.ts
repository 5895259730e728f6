import type { DbOrTrx } from '../db/database.js';
import type { VersionUsage } from '../ingestion/records/credit-record.js';
import type { CreditProfile, ProfileSection } from './credit-profile.js';
import type { ProfileScope } from '../platform/profile-scopes.js';

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

export interface ProfileStore {
  markStale(tx: DbOrTrx, usccs: readonly string[]): Promise<void>;
  /** The head rows with the current version's inputs hash, created if missing, locked for the rest of the transaction. */
  lockHeads(tx: DbOrTrx, usccs: readonly string[]): Promise<(ProfileHead & { inputsHash: string | null })[]>;
  head(tx: DbOrTrx, uscc: string): Promise<ProfileHead | undefined>;
  /** A version with its sections of `scopes` only (all when omitted), in assembly order. */
  version(tx: DbOrTrx, uscc: string, version: number, scopes?: readonly ProfileScope[]): Promise<CreditProfile | undefined>;
  insertVersions(tx: DbOrTrx, versions: readonly (NewProfileVersion & { recordIds: readonly number[] })[]): Promise<void>;
  setHeads(tx: DbOrTrx, heads: readonly { uscc: string; currentVersion: number; staleAfter: string }[]): Promise<void>;
  /** USCCs to rebuild: marked stale, or past their stale-after date. */
  dueForRebuild(tx: DbOrTrx, today: string, limit: number): Promise<string[]>;
  versionsUsing(tx: DbOrTrx, recordId: number): Promise<VersionUsage[]>;
  /** Profiles marked stale at or before `at` and not rebuilt since. */
  countPendingMarkedBy(tx: DbOrTrx, at: Date): Promise<number>;
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
  async lockHeads(tx, usccs) {
    const list = JSON.stringify(usccs);
    await tx.raw(
      `insert into credit_profiles (uscc, stale) select u, true from jsonb_array_elements_text(?::jsonb) as u order by u
       on conflict (uscc) do nothing`,
      [list],
    );
    await tx.raw(
      `select 1 from credit_profiles where uscc in (select u::char(18) from jsonb_array_elements_text(?::jsonb) as u) order by uscc for update`,
      [list],
    );
    // Read after the lock, in a new statement: under READ COMMITTED its snapshot sees a version
    // committed by whoever held the lock before us (a join in the locking statement would not).
    const result = await tx.raw(
      `select h.uscc, h.current_version as "currentVersion", h.stale, h.stale_after as "staleAfter", v.inputs_hash as "inputsHash"
       from credit_profiles h
       left join credit_profile_versions v on v.uscc = h.uscc and v.version = h.current_version
       where h.uscc in (select u::char(18) from jsonb_array_elements_text(?::jsonb) as u)
       order by h.uscc`,
      [list],
    );
    return result.rows as (ProfileHead & { inputsHash: string | null })[];
  },
  async head(tx, uscc) {
    return (await tx('credit_profiles')
      .where({ uscc })
      .first('uscc', 'current_version as currentVersion', 'stale', 'stale_after as staleAfter')) as ProfileHead | undefined;
  },
  async version(tx, uscc, version, scopes) {
    const head = (await tx('credit_profile_versions')
      .where({ uscc, version })
      .first('uscc', 'version', 'inputs_hash as inputsHash', 'as_of as asOf', 'built_at as builtAt', 'reason')) as
      | Omit<CreditProfile, 'sections'>
      | undefined;
    if (!head) return undefined;
    const query = tx('credit_profile_sections').where({ uscc, version }).orderBy('ordinal').select<{ section: ProfileSection }[]>('section');
    if (scopes) query.whereIn('scope', [...scopes]);
    return { ...head, sections: (await query).map((r) => r.section) };
  },
  async insertVersions(tx, versions) {
    if (versions.length === 0) return;
    const rows = await tx('credit_profile_versions')
      .insert(versions.map((v) => ({ uscc: v.uscc, version: v.version, inputs_hash: v.inputsHash, as_of: v.asOf, reason: v.reason })))
      .returning(['id', 'uscc']);
    const idOf = new Map((rows as { id: number; uscc: string }[]).map((r) => [r.uscc.trim(), r.id]));
    const sections = versions.flatMap((v) => v.sections.map((section, ordinal) => [v.uscc, v.version, ordinal, section]));
    if (sections.length) {
      await tx.raw(
        `insert into credit_profile_sections (uscc, version, scope, ordinal, section)
         select s->>0, (s->>1)::integer, s->3->>'scope', (s->>2)::smallint, s->3 from jsonb_array_elements(?::jsonb) as s`,
        [JSON.stringify(sections)],
      );
    }
    const usage = versions.flatMap((v) => v.recordIds.map((r) => [idOf.get(v.uscc), r]));
    if (usage.length) {
      await tx.raw(
        `insert into credit_profile_record_usage (profile_version_id, record_id)
         select (u->>0)::bigint, (u->>1)::bigint from jsonb_array_elements(?::jsonb) as u`,
        [JSON.stringify(usage)],
      );
    }
  },
  async setHeads(tx, heads) {
    if (heads.length === 0) return;
    await tx.raw(
      `update credit_profiles h set current_version = x."currentVersion", stale = false, stale_after = x."staleAfter", updated_at = now()
       from jsonb_to_recordset(?::jsonb) as x(uscc text, "currentVersion" integer, "staleAfter" date)
       where h.uscc = x.uscc::char(18)`,
      [JSON.stringify(heads)],
    );
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
  async countPendingMarkedBy(tx, at) {
    const row = (await tx('credit_profiles').where('stale', true).andWhere('updated_at', '<=', at).count({ n: '*' }).first()) as { n: string | number };
    return Number(row.n);
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
