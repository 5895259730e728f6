import type { DbOrTrx } from '../db/database.js';
import type { GateRequest } from './access-log-store.js';
import type { ConsentPurpose, ConsentScope, RefusedRead, RefusedReadFilter } from './consent.js';
import type { GateDenial } from './gate-denials.js';
import { readerOf, withReader, type ReaderRow } from './reader-columns.js';

export interface RefusedReadStore {
  /** Keeps a refused read for the enterprise the USCC belongs to; a USCC of no registered enterprise has nobody to show it to. */
  record(db: DbOrTrx, request: GateRequest, reason: GateDenial): Promise<void>;
  /** Newest first. */
  list(db: DbOrTrx, filter: RefusedReadFilter): Promise<RefusedRead[]>;
  /** When the institution's `n`-th newest refusal after `since` was made; undefined: fewer than `n` since. */
  nthNewestSince(db: DbOrTrx, institutionId: string, n: number, since: Date): Promise<Date | undefined>;
}

interface Row extends ReaderRow {
  id: number;
  grant_id: string | null;
  scopes: ConsentScope[];
  purpose: ConsentPurpose;
  reason: GateDenial;
  request_id: string;
  attempted_at: Date;
}

export const refusedReadStore: RefusedReadStore = {
  async record(db, r, reason) {
    await db.raw(
      `insert into consent_refused_reads (enterprise_id, institution_id, user_id, client_id, grant_id, scopes, purpose, reason, request_id, attempted_at)
       select e.id, ?, ?, ?, ?, cast(? as text[]), ?, ?, ?, ? from enterprises e where e.uscc = ?`,
      [r.institutionId, r.userId, r.clientId, r.grantId, [...r.scopes], r.purpose, reason, r.requestId, r.now, r.uscc],
    );
  },

  async list(db, f) {
    const query = withReader(db('consent_refused_reads as r'), 'r').where('r.enterprise_id', f.enterpriseId).orderBy('r.id', 'desc').limit(f.limit);
    if (f.institutionId) query.where('r.institution_id', f.institutionId);
    if (f.from) query.where('r.attempted_at', '>=', f.from);
    if (f.to) query.where('r.attempted_at', '<', f.to);
    const rows = (await query) as Row[];
    return rows.map((r) => ({
      id: Number(r.id),
      ...readerOf(r),
      grantId: r.grant_id,
      scopes: r.scopes,
      purpose: r.purpose,
      reason: r.reason,
      requestId: r.request_id,
      attemptedAt: r.attempted_at,
    }));
  },

  async nthNewestSince(db, institutionId, n, since) {
    const { rows } = (await db.raw(
      `select attempted_at from consent_refused_reads where institution_id = ? and attempted_at > ? order by attempted_at desc offset ? limit 1`,
      [institutionId, since, n - 1],
    )) as { rows: { attempted_at: Date | string }[] };
    return rows[0] === undefined ? undefined : new Date(rows[0].attempted_at);
  },
};
