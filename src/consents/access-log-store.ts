import type { DbOrTrx } from '../db/database.js';
import { textArrayLiteral } from '../db/array-literal.js';
import type { StatementPool } from '../db/statement-pool.js';
import { sm3Hex } from '../platform/national-crypto.js';
import { readerOf, withReader, type ReaderRow } from './reader-columns.js';
import { readSet, type SetReadRequest, type SetReadRow } from './access-log-set-read.js';
import type { AccessLogEntry, AccessLogFilter, ConsentPurpose, ConsentScope } from './consent.js';
import type { GateDenial } from './gate-denials.js';

export interface GateRequest {
  uscc: string;
  institutionId: string;
  purpose: ConsentPurpose;
  /** Requested scopes; empty means every scope the grant covers. */
  scopes: readonly ConsentScope[];
  /** Only this grant; null: the newest grant in force for the purpose. */
  grantId: string | null;
  userId: string | null;
  clientId: string | null;
  requestId: string;
  now: Date;
}

export type GateOutcome =
  | {
      kind: 'allowed';
      logId: number;
      grantId: string;
      enterpriseId: string;
      scopes: ConsentScope[];
      /**
       * What `dataSql` yielded, as the JSON text PostgreSQL sent (null when none was given): the
       * caller may pass it on unparsed.
       */
      data: string | null;
      /** The top-level keys of `data` (null with it). */
      dataKeys: string[] | null;
    }
  /** `missingScopes`: for CONSENT_SCOPE_NOT_GRANTED, the scopes asked for that the grant lacks, in the order asked. */
  | { kind: 'denied'; denial: GateDenial; missingScopes?: ConsentScope[] }
  /** A usable grant was seen but changed (revoked, used up) before it could be consumed: ask again. */
  | { kind: 'raced' };

/** One sealed-chain link: what the hash covers and where the chain stood before it. */
export interface ChainRow {
  id: number;
  grantId: string;
  enterpriseId: string;
  institutionId: string;
  userId: string | null;
  clientId: string | null;
  scopes: ConsentScope[];
  purpose: ConsentPurpose;
  requestId: string;
  accessedAt: Date;
  chainSeq: number | null;
  prevHash: string | null;
  rowHash: string | null;
}

export interface ChainHead {
  chainSeq: number;
  rowHash: string;
}

export interface AccessLogStore {
  /**
   * THE gate statement: in one SQL statement (so one transaction and one round trip) it finds,
   * for each read, the caller's grants from the enterprise, works out why each would refuse,
   * consumes one use of the newest usable grant and appends the access-log row. A revocation
   * committed before the statement starts is seen by it; the use caps are re-checked on the usage
   * row's latest version (READ COMMITTED re-evaluation after the row lock), so parallel reads
   * never overspend a cap. `dataSql` (see EnterpriseDataSource.sql) is evaluated for each allowed
   * read in the same statement, over `gate.enterprise_id`, `gate.uscc` and `gate.scopes`, and
   * `keysSql` (EnterpriseDataSource.keysSql) says its keys; without it they are read from the data.
   * Outcomes come in the order of `requests`; no two requests may name the same enterprise and
   * institution (they would compete for one grant within the statement).
   */
  checkAndLog(statements: StatementPool, requests: readonly GateRequest[], dataSql?: string, keysSql?: string): Promise<GateOutcome[]>;
  /** The set-based gate statement (see `access-log-set-read.ts`): check, use, log and read one USCC range of enterprises. */
  readSet(db: DbOrTrx, request: SetReadRequest, dataSql: string): Promise<SetReadRow[]>;
  list(db: DbOrTrx, filter: AccessLogFilter): Promise<AccessLogEntry[]>;
  /** Serialises sealers for the rest of the caller's transaction. */
  lockChain(tx: DbOrTrx): Promise<void>;
  chainHead(tx: DbOrTrx): Promise<ChainHead | undefined>;
  unsealed(tx: DbOrTrx, limit: number): Promise<ChainRow[]>;
  seal(tx: DbOrTrx, links: readonly { id: number; chainSeq: number; prevHash: string; rowHash: string }[]): Promise<void>;
  /** Sealed rows in chain order, after `afterSeq`. */
  sealedAfter(db: DbOrTrx, afterSeq: number, limit: number): Promise<ChainRow[]>;
}

const WINDOW = `date_trunc(lower(g.frequency_unit), p.now, 'Asia/Shanghai')`;

/**
 * The gate statement over a batch of reads (`p`, one row per read, `req` its position). A
 * grant occurs at most once per batch (the caller puts a second read of the same enterprise by
 * the same institution into another statement), so the consumed uses and the log rows map back
 * to their reads by grant. Usage rows are locked in grant order, so concurrent batches cannot
 * deadlock.
 */
const gateSql = (dataSql: string | undefined, keysSql: string | undefined) => `
with p as (
  select r.req, r.uscc, r.inst, r.purpose, string_to_array(nullif(r.scopes, ''), ',') as scopes,
         r.now, r.user_id, r.client_id, r.request_id, r.grant_id
    from unnest(cast(? as char(18)[]), cast(? as uuid[]), cast(? as text[]), cast(? as text[]), cast(? as timestamptz[]),
                cast(? as uuid[]), cast(? as uuid[]), cast(? as text[]), cast(? as uuid[]))
         with ordinality as r(uscc, inst, purpose, scopes, now, user_id, client_id, request_id, grant_id, req)
), cand as (
  select p.req, g.id, g.created_at, g.purpose = p.purpose as purpose_ok,
         array(select s from unnest(p.scopes) with ordinality as a(s, i) where not s = any(g.scopes) order by i) as missing,
         case
           when g.purpose <> p.purpose then 'CONSENT_PURPOSE_MISMATCH'
           when g.status = 'REVOKED' then 'CONSENT_REVOKED'
           when g.status = 'TERMINATED' then 'CONSENT_TERMINATED'
           when g.status = 'EXPIRED' or g.valid_until <= p.now then 'CONSENT_EXPIRED'
           when g.valid_from > p.now then 'CONSENT_NOT_YET_VALID'
           when not g.scopes @> coalesce(p.scopes, '{}') then 'CONSENT_SCOPE_NOT_GRANTED'
           -- An application's one-time grant is read through the application, which keeps the case
           -- file its officers re-open; a read naming no grant (by USCC) would spend it and leave them none.
           when p.grant_id is null and g.fetch_type = 'ONETIME' and g.application_id is not null then 'CONSENT_HELD_FOR_APPLICATION'
           when g.fetch_type = 'ONETIME' and u.use_count > 0 then 'CONSENT_ALREADY_USED'
           when g.fetch_type = 'PERIODIC' and u.window_start = ${WINDOW} and u.window_count >= g.frequency_value
             then 'CONSENT_FREQUENCY_EXCEEDED'
         end as denial
    from p
    join consent_grants g on g.enterprise_uscc = p.uscc and g.grantee_institution_id = p.inst and (p.grant_id is null or g.id = p.grant_id)
    join consent_grant_usage u on u.grant_id = g.id
), chosen as (
  select distinct on (req) req, id from cand where denial is null order by req, created_at desc
), locked as (
  select u.grant_id from consent_grant_usage u where u.grant_id in (select id from chosen) order by u.grant_id for update
), used as (
  update consent_grant_usage u
     set use_count = u.use_count + 1,
         last_used_at = p.now,
         window_start = case when g.fetch_type = 'PERIODIC' then ${WINDOW} end,
         window_count = case when g.fetch_type = 'PERIODIC' and u.window_start = ${WINDOW} then u.window_count + 1 else 1 end
    from chosen c, p, consent_grants g
   where u.grant_id in (select grant_id from locked) and u.grant_id = c.id and p.req = c.req and g.id = u.grant_id
     and g.status = 'ACTIVE' and g.valid_from <= p.now and g.valid_until > p.now
     and ((g.fetch_type = 'ONETIME' and u.use_count = 0)
       or (g.fetch_type = 'PERIODIC' and (u.window_start is distinct from ${WINDOW} or u.window_count < g.frequency_value)))
  returning c.req, g.id, g.enterprise_id, g.scopes, g.purpose
), logged as (
  insert into consent_access_log (grant_id, enterprise_id, institution_id, user_id, client_id, scopes, purpose, request_id, accessed_at)
  select u.id, u.enterprise_id, p.inst, p.user_id, p.client_id, coalesce(p.scopes, u.scopes), u.purpose, p.request_id, p.now
    from used u join p on p.req = u.req
  returning id, grant_id, scopes
)
select gate.id as log_id, gate.grant_id, gate.enterprise_id, gate.scopes,
       case when gate.id is null then
         (select c.denial from cand c where c.req = p.req and c.denial is not null order by c.purpose_ok desc, c.created_at desc, c.id limit 1)
       end as denial,
       case when gate.id is null then
         (select c.missing from cand c where c.req = p.req and c.denial is not null order by c.purpose_ok desc, c.created_at desc, c.id limit 1)
       end as missing_scopes,
       exists (select 1 from chosen c where c.req = p.req) as had_candidate,
       read.data::text as data,
       case when read.data is not null then ${keysSql ?? 'array(select json_object_keys(read.data))'} end as data_keys
  from p
  left join (select l.id, l.grant_id, l.scopes, u.enterprise_id, u.req, p.uscc
               from logged l join used u on u.id = l.grant_id join p on p.req = u.req) as gate on gate.req = p.req
  -- offset 0: evaluated once per read, not once per use of read.data
  left join lateral (select ${dataSql ? `(${dataSql})` : 'cast(null as json)'} as data where gate.id is not null offset 0) as read on true
 order by p.req`;

const statements = new Map<string, { name: string; sql: string }>();
function gateStatement(dataSql: string | undefined, keysSql: string | undefined): { name: string; sql: string } {
  const key = `${dataSql ?? ''}\u0000${keysSql ?? ''}`;
  let statement = statements.get(key);
  if (!statement) {
    statement = { name: `consent_gate_${sm3Hex(key).slice(0, 12)}`, sql: gateSql(dataSql, keysSql) };
    statements.set(key, statement);
  }
  return statement;
}

interface GateRow {
  log_id: number | null;
  grant_id: string | null;
  enterprise_id: string | null;
  scopes: ConsentScope[] | null;
  denial: GateDenial | null;
  missing_scopes: ConsentScope[] | null;
  had_candidate: boolean;
  data: string | null;
  data_keys: string[] | null;
}

interface LogRow {
  id: number;
  grant_id: string;
  enterprise_id: string;
  institution_id: string;
  user_id: string | null;
  client_id: string | null;
  scopes: ConsentScope[];
  purpose: ConsentPurpose;
  request_id: string;
  accessed_at: Date;
  chain_seq: number | null;
  prev_hash: string | null;
  row_hash: string | null;
}

const toChainRow = (r: LogRow): ChainRow => ({
  id: r.id,
  grantId: r.grant_id,
  enterpriseId: r.enterprise_id,
  institutionId: r.institution_id,
  userId: r.user_id,
  clientId: r.client_id,
  scopes: r.scopes,
  purpose: r.purpose,
  requestId: r.request_id,
  accessedAt: r.accessed_at,
  chainSeq: r.chain_seq,
  prevHash: r.prev_hash,
  rowHash: r.row_hash,
});

/** Any 64-bit constant works; this one is "consent_access_log chain" folded into a bigint. */
const CHAIN_LOCK_KEY = 7_365_123_909_001;

export const accessLogStore: AccessLogStore = {
  async checkAndLog(statements, requests, dataSql, keysSql) {
    if (requests.length === 0) return [];
    const statement = gateStatement(dataSql, keysSql);
    const column = (value: (r: GateRequest) => string | null) => textArrayLiteral(requests.map(value));
    const rows = await statements.query<GateRow>(statement.name, statement.sql, [
      column((r) => r.uscc),
      column((r) => r.institutionId),
      column((r) => r.purpose),
      column((r) => r.scopes.join(',')),
      column((r) => r.now.toISOString()),
      column((r) => r.userId),
      column((r) => r.clientId),
      column((r) => r.requestId),
      column((r) => r.grantId),
    ]);
    return rows.map((row): GateOutcome => {
      if (row.log_id !== null && row.grant_id && row.enterprise_id && row.scopes) {
        return {
          kind: 'allowed',
          logId: row.log_id,
          grantId: row.grant_id,
          enterpriseId: row.enterprise_id,
          scopes: row.scopes,
          data: row.data,
          dataKeys: row.data_keys,
        };
      }
      if (row.had_candidate) return { kind: 'raced' };
      if (row.denial === 'CONSENT_SCOPE_NOT_GRANTED') return { kind: 'denied', denial: row.denial, missingScopes: row.missing_scopes ?? [] };
      return { kind: 'denied', denial: row.denial ?? 'CONSENT_NOT_FOUND' };
    });
  },

  readSet,

  async list(db, f) {
    const query = withReader(db('consent_access_log as l'), 'l').where('l.enterprise_id', f.enterpriseId).orderBy('l.id', 'desc').limit(f.limit);
    if (f.grantId) query.where('l.grant_id', f.grantId);
    if (f.institutionId) query.where('l.institution_id', f.institutionId);
    if (f.scope) query.whereRaw('? = any(l.scopes)', [f.scope]);
    if (f.purpose) query.where('l.purpose', f.purpose);
    if (f.from) query.where('l.accessed_at', '>=', f.from);
    if (f.to) query.where('l.accessed_at', '<', f.to);
    if (f.before) query.where('l.id', '<', f.before);
    const rows = (await query) as (LogRow & ReaderRow)[];
    return rows.map((r) => ({
      id: r.id,
      grantId: r.grant_id,
      enterpriseId: r.enterprise_id,
      ...readerOf(r),
      scopes: r.scopes,
      purpose: r.purpose,
      requestId: r.request_id,
      accessedAt: r.accessed_at,
      sealed: r.chain_seq !== null,
    }));
  },

  async lockChain(tx) {
    await tx.raw('select pg_advisory_xact_lock(?)', [CHAIN_LOCK_KEY]);
  },

  async chainHead(tx) {
    const row = (await tx('consent_access_log')
      .whereNotNull('chain_seq')
      .orderBy('chain_seq', 'desc')
      .first('chain_seq', 'row_hash')) as { chain_seq: number; row_hash: string } | undefined;
    return row && { chainSeq: row.chain_seq, rowHash: row.row_hash };
  },

  async unsealed(tx, limit) {
    const rows = (await tx('consent_access_log').whereNull('chain_seq').orderBy('id').limit(limit)) as LogRow[];
    return rows.map(toChainRow);
  },

  async seal(tx, links) {
    if (links.length === 0) return;
    await tx.raw(
      `update consent_access_log l set chain_seq = v.chain_seq, prev_hash = v.prev_hash, row_hash = v.row_hash
         from (select * from unnest(cast(? as bigint[]), cast(? as bigint[]), cast(? as text[]), cast(? as text[]))
                 as t(id, chain_seq, prev_hash, row_hash)) v
        where l.id = v.id and l.chain_seq is null`,
      [links.map((l) => l.id), links.map((l) => l.chainSeq), links.map((l) => l.prevHash), links.map((l) => l.rowHash)],
    );
  },

  async sealedAfter(db, afterSeq, limit) {
    const rows = (await db('consent_access_log').where('chain_seq', '>', afterSeq).orderBy('chain_seq').limit(limit)) as LogRow[];
    return rows.map(toChainRow);
  },
};
