import type { DbOrTrx } from '../db/database.js';
import type { VersionUsage } from '../ingestion/records/credit-record.js';
import type { CreditProfile, ProfileSection } from './credit-profile.js';
import type { ProfileScope } from '../platform/profile-scopes.js';
import type { ProfileBacklog } from '../platform/metrics/platform-metrics.js';
import { EMPTY_SECTIONS } from './empty-profile.js';

export interface ProfileHead {
  uscc: string;
  currentVersion: number;
  stale: boolean;
  staleAfter: string | null;
}

export interface ProfileStore {
  markStale(tx: DbOrTrx, usccs: readonly string[]): Promise<void>;
  /** Creates the missing head rows and locks them all for the rest of the transaction; returns their USCCs in lock order. */
  lockHeads(tx: DbOrTrx, usccs: readonly string[]): Promise<string[]>;
  head(tx: DbOrTrx, uscc: string): Promise<ProfileHead | undefined>;
  /**
   * A version with its sections of `scopes` only (all when omitted), in assembly order. A version
   * stores only the sections that differ from the empty profile's; the others read as those.
   */
  version(tx: DbOrTrx, uscc: string, version: number, scopes?: readonly ProfileScope[]): Promise<CreditProfile | undefined>;
  /**
   * Up to `limit` profiles to rebuild, locked for the rest of the transaction: marked stale
   * (oldest mark first), then past their stale-after date. Heads another transaction holds are
   * skipped, so drains on several instances share the work instead of repeating it.
   */
  claimDue(tx: DbOrTrx, today: string, limit: number): Promise<string[]>;
  /** Sets a profile aside whose assembly failed on its own data: stale, skipped by the drains until it is marked again. */
  recordRebuildFailure(tx: DbOrTrx, uscc: string, error: string): Promise<void>;
  /** The versions of `uscc`'s profile that used the record (a record belongs to one USCC). */
  versionsUsing(tx: DbOrTrx, uscc: string, recordId: number): Promise<VersionUsage[]>;
  /** Profiles marked stale at or before `at` and not rebuilt since. */
  countPendingMarkedBy(tx: DbOrTrx, at: Date): Promise<number>;
  /** Profiles marked stale and not rebuilt yet, and the age of the oldest mark. */
  backlog(tx: DbOrTrx): Promise<ProfileBacklog>;
}

/** The stored sections (ordinal = position in assembly order) with the empty ones of the other scopes, in assembly order. */
function withEmptySections(stored: readonly { ordinal: number; section: ProfileSection }[], scopes: readonly ProfileScope[] | undefined): ProfileSection[] {
  const byScope = new Map(stored.map((r) => [r.section.scope, r]));
  const all = EMPTY_SECTIONS.map((empty, ordinal) => byScope.get(empty.scope) ?? { ordinal, section: empty });
  return all
    .filter((r) => !scopes || scopes.includes(r.section.scope))
    .sort((a, b) => a.ordinal - b.ordinal)
    .map((r) => r.section);
}

export const profileStore: ProfileStore = {
  async markStale(tx, usccs) {
    if (usccs.length === 0) return;
    await tx.raw(
      `insert into credit_profiles (uscc, stale) select u, true from jsonb_array_elements_text(?::jsonb) as u
       on conflict (uscc) do update set stale = true, updated_at = now()
       where not credit_profiles.stale or credit_profiles.rebuild_failed_at is not null`,
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
    // The assembly statement that follows reads the current versions after this lock: under READ
    // COMMITTED its snapshot sees a version committed by whoever held the lock before us.
    const result = await tx.raw(
      `select uscc from credit_profiles where uscc in (select u::char(18) from jsonb_array_elements_text(?::jsonb) as u) order by uscc for update`,
      [list],
    );
    return (result.rows as { uscc: string }[]).map((r) => r.uscc);
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
    const query = tx('credit_profile_sections').where({ uscc, version }).orderBy('ordinal').select<{ ordinal: number; section: ProfileSection }[]>('ordinal', 'section');
    if (scopes) query.whereIn('scope', [...scopes]);
    return { ...head, sections: withEmptySections(await query, scopes) };
  },
  async claimDue(tx, today, limit) {
    // Two statements rather than one `or`: the marks are found through their partial index on
    // `updated_at`; only a drain that runs out of marks scans for moved windows.
    // A profile set aside after a failed assembly waits for a mark made after the failure.
    const marked = await tx.raw(
      `select uscc from credit_profiles where stale and (rebuild_failed_at is null or rebuild_failed_at < updated_at)
       order by updated_at limit ? for update skip locked`,
      [limit],
    );
    const usccs = (marked.rows as { uscc: string }[]).map((r) => r.uscc);
    if (usccs.length === limit) return usccs;
    const moved = await tx.raw(
      `select uscc from credit_profiles where not stale and stale_after <= ? order by updated_at limit ? for update skip locked`,
      [today, limit - usccs.length],
    );
    return [...usccs, ...(moved.rows as { uscc: string }[]).map((r) => r.uscc)];
  },
  async recordRebuildFailure(tx, uscc, error) {
    await tx('credit_profiles').where({ uscc }).update({ stale: true, rebuild_failed_at: tx.fn.now(), rebuild_error: error.slice(0, 2000) });
  },
  async countPendingMarkedBy(tx, at) {
    const row = (await tx('credit_profiles').where('stale', true).andWhere('updated_at', '<=', at).count({ n: '*' }).first()) as { n: string | number };
    return Number(row.n);
  },
  async backlog(tx) {
    const result = await tx.raw(
      `select count(*)::int as stale,
         coalesce(extract(epoch from now() - min(updated_at) filter (where rebuild_failed_at is null)), 0)::float8 as "oldestMarkSeconds",
         (count(*) filter (where rebuild_failed_at is not null))::int as "failed"
       from credit_profiles where stale`,
    );
    return result.rows[0] as ProfileBacklog;
  },
  async versionsUsing(tx, uscc, recordId) {
    return tx('credit_profile_versions as v')
      .join('credit_profiles as h', 'h.uscc', 'v.uscc')
      .where('v.uscc', uscc)
      .whereRaw('v.used_record_ids @> array[?]::bigint[]', [recordId])
      .orderBy('v.version')
      .select<VersionUsage[]>('v.uscc', 'v.version', 'v.built_at as builtAt', tx.raw('v.version = h.current_version as current'));
  },
};
