import type { DbOrTrx } from '../db/database.js';
import { rowsAffected } from '../db/rows-affected.js';

/** Which records the kept profile versions cite (`credit_profile_versions.used_record_ids`). */
export interface VersionCitationStore {
  /**
   * Holds off new versions until the caller's transaction ends (a rebuild waits; reads do not),
   * so no version can start citing a record between the caller's check and its drop.
   */
  holdNewVersions(tx: DbOrTrx): Promise<void>;
  /**
   * Whether a kept version cites a record stored in `relation` (a record table or one of its
   * partitions). Kept: an enterprise's current version, and, unless `servedSince` is null (every
   * version is kept), each version still current at `servedSince` or later (its successor built
   * then or after).
   */
  citesAny(tx: DbOrTrx, relation: string, servedSince: Date | null): Promise<boolean>;
  /** The ids among `records` (each with its enterprise's USCC) that a kept version cites; kept as for `citesAny`. */
  citedAmong(tx: DbOrTrx, records: readonly { id: string; uscc: string }[], servedSince: Date | null): Promise<Set<string>>;
  /**
   * The ids a purge walks: from the lowest stored to the first built at `servedSince` or later
   * (exclusive; past the highest when none is).
   */
  idsBuiltBefore(tx: DbOrTrx, servedSince: Date): Promise<{ from: string; to: string } | null>;
  /**
   * Deletes the versions with ids in [fromId, toId) that are not kept, with their sections, in one
   * statement; answers how many versions went.
   */
  deleteUnkept(tx: DbOrTrx, servedSince: Date, fromId: string, toId: string): Promise<number>;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Whether the version `v` is kept, with `servedSince` bound twice: every version when it is null,
 * otherwise the enterprise's current one and each one current at `servedSince` or later.
 */
const KEPT_VERSION = `(cast(? as timestamptz) is null
   or exists (select 1 from credit_profiles h where h.uscc = v.uscc and h.current_version = v.version)
   or exists (select 1 from credit_profile_versions n where n.uscc = v.uscc and n.version = v.version + 1 and n.built_at >= ?))`;

export const versionCitationStore: VersionCitationStore = {
  async holdNewVersions(tx) {
    await tx.raw(`select set_config('lock_timeout', '1s', true)`);
    await tx.raw('lock table credit_profile_versions in share mode');
  },

  async citesAny(tx, relation, servedSince) {
    if (!IDENT.test(relation)) throw new Error(`not a plain identifier: ${relation}`);
    // From the month's records to their enterprises' versions (by USCC), so the work grows with
    // the month's records and their enterprises' versions; only the versions that cite one of
    // them (none, usually, for a month past retention) are asked whether they are kept.
    const result = await tx.raw(
      `with citing as materialized (
         select v.uscc, v.version from ${relation} r join credit_profile_versions v on v.uscc = r.uscc and r.id = any(v.used_record_ids))
       select exists (select 1 from citing v where ${KEPT_VERSION}) as cited`,
      [servedSince, servedSince],
    );
    return (result.rows[0] as { cited: boolean }).cited;
  },

  async citedAmong(tx, records, servedSince) {
    if (records.length === 0) return new Set();
    const result = await tx.raw(
      `select distinct r.id::text as id
         from unnest(?::bigint[], ?::text[]) as r(id, uscc)
         join credit_profile_versions v on v.uscc = r.uscc and r.id = any(v.used_record_ids)
        where ${KEPT_VERSION}`,
      [records.map((r) => r.id), records.map((r) => r.uscc), servedSince, servedSince],
    );
    return new Set((result.rows as { id: string }[]).map((r) => r.id));
  },

  async idsBuiltBefore(tx, servedSince) {
    const result = await tx.raw(
      `select min(id)::text as "from",
              coalesce((select min(id) from credit_profile_versions where built_at >= ?), max(id) + 1)::text as "to"
         from credit_profile_versions`,
      [servedSince],
    );
    const row = result.rows[0] as { from: string | null; to: string | null };
    return row.from === null || row.to === null ? null : { from: row.from, to: row.to };
  },

  async deleteUnkept(tx, servedSince, fromId, toId) {
    const result = await tx.raw(
      `with gone as materialized (
         select v.id, v.uscc, v.version from credit_profile_versions v
          where v.id >= ? and v.id < ? and not ${KEPT_VERSION}),
       sections as (delete from credit_profile_sections s using gone g where s.uscc = g.uscc and s.version = g.version)
       delete from credit_profile_versions v using gone g where v.id = g.id`,
      [fromId, toId, servedSince, servedSince],
    );
    return rowsAffected(result);
  },
};
