import type { DbOrTrx } from '../db/database.js';
import type { GateRequest } from './access-log-store.js';
import type { ConsentPurpose, ConsentScope, RefusedRead, RefusedReadFilter } from './consent.js';
import type { GateDenial } from './gate-denials.js';

export interface RefusedReadStore {
  /** Keeps a refused read for the enterprise the USCC belongs to; a USCC of no registered enterprise has nobody to show it to. */
  record(db: DbOrTrx, request: GateRequest, reason: GateDenial): Promise<void>;
  /** Newest first. */
  list(db: DbOrTrx, filter: RefusedReadFilter): Promise<RefusedRead[]>;
}

interface Row {
  id: number;
  institution_id: string;
  institution_name: string;
  user_id: string | null;
  user_display_name: string | null;
  client_id: string | null;
  client_name: string | null;
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
    const query = db('consent_refused_reads as r')
      .join('institutions as i', 'i.id', 'r.institution_id')
      .leftJoin('users as u', 'u.id', 'r.user_id')
      .leftJoin('institution_clients as c', 'c.client_id', 'r.client_id')
      .where('r.enterprise_id', f.enterpriseId)
      .orderBy('r.id', 'desc')
      .limit(f.limit)
      .select('r.*', 'i.name as institution_name', 'u.display_name as user_display_name', 'c.name as client_name');
    if (f.institutionId) query.where('r.institution_id', f.institutionId);
    if (f.from) query.where('r.attempted_at', '>=', f.from);
    if (f.to) query.where('r.attempted_at', '<', f.to);
    const rows = (await query) as Row[];
    return rows.map((r) => ({
      id: Number(r.id),
      institutionId: r.institution_id,
      institutionName: r.institution_name,
      userId: r.user_id,
      userDisplayName: r.user_display_name,
      clientId: r.client_id,
      clientName: r.client_name,
      grantId: r.grant_id,
      scopes: r.scopes,
      purpose: r.purpose,
      reason: r.reason,
      requestId: r.request_id,
      attemptedAt: r.attempted_at,
    }));
  },
};
