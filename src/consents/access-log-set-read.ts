import type { DbOrTrx } from '../db/database.js';
import type { ConsentPurpose } from './consent.js';

/**
 * A set-based gated read (docs/architecture.md, rule 3) for a platform job acting for one
 * institution (the pre-credit white-list run): the enterprises with USCC in (`after`, `through`]
 * that hold an active grant to the institution for the purpose.
 */
export interface SetReadRequest {
  institutionId: string;
  purpose: ConsentPurpose;
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
 * One statement: find the active grants of the range's enterprises, lock
 * their usage rows in grant order (as the single-read gate does, so the two cannot deadlock),
 * consume one use of every usable grant (status, validity and the ONETIME / PERIODIC caps
 * re-checked on the locked row), append one access-log row per grant used, and evaluate the
 * caller's data expression (over `gate.uscc`, `gate.enterprise_id`, `gate.scopes`) only for the
 * enterprises whose use was consumed, which are the ones logged: a data-modifying CTE always
 * runs to completion, so every row of `used` has its log row when the statement commits. An
 * enterprise whose grants are all spent is not read.
 */
const setReadSql = (dataSql: string) => `
with p as (
  select cast(? as timestamptz) as now, cast(? as uuid) as inst, cast(? as uuid) as user_id, cast(? as uuid) as client_id, cast(? as text) as request_id
), locked as (
  select u.grant_id
    from consent_grant_usage u
   where u.grant_id = any (array(
           select g.id from consent_grants g
            where g.grantee_institution_id = ? and g.purpose = ? and g.status = 'ACTIVE'
              and g.enterprise_uscc > cast(? as char(18)) and g.enterprise_uscc <= cast(? as char(18))))
   order by u.grant_id
     for update
), used as (
  update consent_grant_usage u
     set use_count = u.use_count + 1,
         last_used_at = p.now,
         window_start = case when g.fetch_type = 'PERIODIC' then ${WINDOW} end,
         window_count = case when g.fetch_type = 'PERIODIC' and u.window_start = ${WINDOW} then u.window_count + 1 else 1 end
    from p, consent_grants g
   where u.grant_id = any (array(select grant_id from locked)) and g.id = u.grant_id
     and g.status = 'ACTIVE' and g.valid_from <= p.now and g.valid_until > p.now
     and ((g.fetch_type = 'ONETIME' and u.use_count = 0)
       or (g.fetch_type = 'PERIODIC' and (u.window_start is distinct from ${WINDOW} or u.window_count < g.frequency_value)))
  returning g.id, g.enterprise_id, g.enterprise_uscc, g.scopes, g.purpose, g.valid_until
), logged as (
  insert into consent_access_log (grant_id, enterprise_id, institution_id, user_id, client_id, scopes, purpose, request_id, accessed_at)
  select u.id, u.enterprise_id, p.inst, p.user_id, p.client_id, u.scopes, u.purpose, p.request_id, p.now
    from used u, p
), gate as (
  select u.enterprise_uscc as uscc, u.enterprise_id, string_agg(array_to_string(u.scopes, ','), ',') as scope_list, max(u.valid_until) as until
    from used u
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
