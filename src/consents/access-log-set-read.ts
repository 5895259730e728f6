import type { DbOrTrx } from '../db/database.js';
import type { ConsentPurpose } from './consent.js';

/**
 * The purposes a set read may use. A single read under one of them is checked in a gate
 * statement of its own (`ConsentGate`), which is what lets the set read lock its usage rows in
 * any order (see `setReadSql`).
 */
export const SET_READ_PURPOSES = ['pre_credit'] as const satisfies readonly ConsentPurpose[];
export type SetReadPurpose = (typeof SET_READ_PURPOSES)[number];
export const isSetReadPurpose = (purpose: ConsentPurpose): purpose is SetReadPurpose => (SET_READ_PURPOSES as readonly ConsentPurpose[]).includes(purpose);

/**
 * A set-based gated read (docs/architecture.md, rule 3) for a platform job acting for one
 * institution (the pre-credit white-list run): the enterprises with USCC in (`after`, `through`]
 * that hold an active grant to the institution for the purpose.
 */
export interface SetReadRequest {
  institutionId: string;
  purpose: SetReadPurpose;
  userId: string | null;
  clientId: string | null;
  requestId: string;
  now: Date;
  /** Enterprises after this USCC ('' from the first) up to and including `through`. */
  after: string;
  through: string;
}

export interface SetReadRow {
  uscc: string;
  enterpriseId: string;
  /** Union of the scopes of the grants read under (one access-log row each). */
  scopes: string[];
  /** The latest end of those grants. */
  grantUntil: Date;
  /** What the caller's data expression yielded. */
  data: unknown;
}

const WINDOW = `date_trunc(lower(g.frequency_unit), p.now, 'Asia/Shanghai')`;

/**
 * One statement: find the active grants of the range's enterprises (`cand`, one range scan of
 * the grantee index), consume one use of every usable grant (validity and the ONETIME /
 * PERIODIC caps re-checked on the usage row's newest version after its row lock), append one
 * access-log row per grant used, and evaluate the caller's data expression (over `gate.uscc`,
 * `gate.enterprise_id`, `gate.scopes`) only for the enterprises whose use was consumed, which are
 * the ones logged: a data-modifying CTE always runs to completion, so every row of `used` has its
 * log row when the statement commits. An enterprise whose grants are all spent is not read.
 *
 * The update locks its usage rows in whatever order its plan yields them; it needs no lock step
 * in grant order (0006, "Lock order"). The rows it locks are the institution's grants for a
 * set-read purpose in one range: no other set read locks them (one run per bank, disjoint
 * ranges), and the only other statement that does is a single read under that purpose, which
 * the gate runs alone, so it holds at most that one usage row and waits for nothing after taking
 * it. No wait cycle can pass through this statement. The grants are sorted only so that the
 * update looks the usage rows up in key order (a plain join let the planner scan every usage
 * row). `gate` groups the grants sorted by enterprise: hashed, the 5,000 groups' `string_agg`
 * states (a kilobyte each) overflowed work_mem and spilled to disk. The log rows go in sorted by
 * enterprise, the key of the log's one randomly-ordered index, so its leaf pages are visited in
 * key order.
 */
const setReadSql = (dataSql: string) => `
with p as (
  select cast(? as timestamptz) as now, cast(? as uuid) as inst, cast(? as uuid) as user_id, cast(? as uuid) as client_id, cast(? as text) as request_id
), cand as (
  select g.id, g.enterprise_id, g.enterprise_uscc, g.scopes, g.purpose, g.valid_from, g.valid_until, g.fetch_type, g.frequency_unit, g.frequency_value
    from consent_grants g
   where g.grantee_institution_id = ? and g.purpose = ? and g.status = 'ACTIVE'
     and g.enterprise_uscc > cast(? as char(18)) and g.enterprise_uscc <= cast(? as char(18))
), used as (
  update consent_grant_usage u
     set use_count = u.use_count + 1,
         last_used_at = p.now,
         window_start = case when g.fetch_type = 'PERIODIC' then ${WINDOW} end,
         window_count = case when g.fetch_type = 'PERIODIC' and u.window_start = ${WINDOW} then u.window_count + 1 else 1 end
    from p, (select * from cand order by id offset 0) as g
   where g.id = u.grant_id and g.valid_from <= p.now and g.valid_until > p.now
     and ((g.fetch_type = 'ONETIME' and u.use_count = 0)
       or (g.fetch_type = 'PERIODIC' and (u.window_start is distinct from ${WINDOW} or u.window_count < g.frequency_value)))
  returning g.id, g.enterprise_id, g.enterprise_uscc, g.scopes, g.purpose, g.valid_until
), logged as (
  insert into consent_access_log (grant_id, enterprise_id, institution_id, user_id, client_id, scopes, purpose, request_id, accessed_at)
  select u.id, u.enterprise_id, p.inst, p.user_id, p.client_id, u.scopes, u.purpose, p.request_id, p.now
    from used u, p
   order by u.enterprise_id
), gate as (
  select u.enterprise_uscc as uscc, u.enterprise_id, string_agg(array_to_string(u.scopes, ','), ',') as scope_list, max(u.valid_until) as until
    from (select * from used order by enterprise_uscc, enterprise_id) as u
   group by u.enterprise_uscc, u.enterprise_id
)
select gate.uscc, gate.enterprise_id, gate.scope_list, (extract(epoch from gate.until) * 1000)::float8 as until,
       (select (${dataSql}) from (select gate.uscc, gate.enterprise_id, string_to_array(gate.scope_list, ',') as scopes) as gate) as data
  from gate`;

interface Row {
  uscc: string;
  enterprise_id: string;
  scope_list: string;
  until: number;
  data: unknown;
}

export async function readSet(db: DbOrTrx, r: SetReadRequest, dataSql: string): Promise<SetReadRow[]> {
  const bindings = [r.now, r.institutionId, r.userId, r.clientId, r.requestId, r.institutionId, r.purpose, r.after, r.through];
  const { rows } = (await db.raw(setReadSql(dataSql), bindings)) as { rows: Row[] };
  const read: SetReadRow[] = [];
  // Most enterprises grant the same scopes: one shared array per distinct list.
  const shared = new Map<string, string[]>();
  for (const row of rows) {
    const list = row.scope_list;
    let scopes = shared.get(list);
    if (!scopes) shared.set(list, (scopes = [...new Set(list.split(','))]));
    read.push({
      uscc: row.uscc.trim(),
      enterpriseId: row.enterprise_id,
      scopes,
      grantUntil: new Date(Number(row.until)),
      data: row.data,
    });
  }
  return read;
}
