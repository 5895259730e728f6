import type { DbOrTrx } from '../db/database.js';
import type { ChangeAction, ChangeProposal, ChangeStatus, InstitutionChange, InstitutionSnapshot } from './institution-change.js';

interface Row {
  id: string;
  institution_id: string | null;
  action: ChangeAction;
  status: ChangeStatus;
  proposal: ChangeProposal | string;
  before: InstitutionSnapshot | string | null;
  after: InstitutionSnapshot | string | null;
  proposed_by: string;
  proposer_name: string;
  proposed_at: Date | string;
  decided_by: string | null;
  decider_name: string | null;
  decided_at: Date | string | null;
}

const json = <T>(value: T | string | null): T | null => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

const plain = (row: Row): InstitutionChange => ({
  id: row.id,
  institutionId: row.institution_id,
  action: row.action,
  status: row.status,
  proposal: json(row.proposal) ?? {},
  before: json(row.before),
  after: json(row.after),
  proposedBy: row.proposed_by,
  proposedByName: row.proposer_name,
  proposedAt: new Date(row.proposed_at),
  decidedBy: row.decided_by,
  decidedByName: row.decider_name,
  decidedAt: row.decided_at === null ? null : new Date(row.decided_at),
});

/** Proposed changes to institutions and, once decided, their audit trail (`institution_changes`). */
export interface InstitutionChangeStore {
  insert(tx: DbOrTrx, change: { institutionId: string | null; action: ChangeAction; proposal: ChangeProposal; proposedBy: string; proposedAt: Date }): Promise<string>;
  find(tx: DbOrTrx, id: string, lock?: boolean): Promise<InstitutionChange | undefined>;
  /** Pending changes first, then the decided ones, newest first; optionally of one institution. */
  list(tx: DbOrTrx, filter: { institutionId?: string; status?: ChangeStatus; limit: number }): Promise<InstitutionChange[]>;
  hasPending(tx: DbOrTrx, institutionId: string): Promise<boolean>;
  decide(
    tx: DbOrTrx,
    id: string,
    decision: { status: 'approved' | 'rejected'; decidedBy: string; decidedAt: Date; institutionId: string | null; before: InstitutionSnapshot | null; after: InstitutionSnapshot | null },
  ): Promise<void>;
}

const base = (tx: DbOrTrx) =>
  tx('institution_changes as c')
    .join('users as p', 'p.id', 'c.proposed_by')
    .leftJoin('users as d', 'd.id', 'c.decided_by')
    .select('c.*', 'p.display_name as proposer_name', 'd.display_name as decider_name');

export const institutionChangeStore: InstitutionChangeStore = {
  async insert(tx, c) {
    const [row] = (await tx('institution_changes')
      .insert({ institution_id: c.institutionId, action: c.action, proposal: JSON.stringify(c.proposal), proposed_by: c.proposedBy, proposed_at: c.proposedAt })
      .returning('id')) as { id: string }[];
    return row!.id;
  },
  async find(tx, id, lock = false) {
    if (lock) await tx('institution_changes').where({ id }).forUpdate().first('id');
    const row = (await base(tx).where('c.id', id).first()) as Row | undefined;
    return row && plain(row);
  },
  async list(tx, filter) {
    const query = base(tx)
      .orderByRaw(`case when c.status = 'pending' then 0 else 1 end`)
      .orderBy('c.proposed_at', 'desc')
      .limit(filter.limit);
    if (filter.institutionId) query.where('c.institution_id', filter.institutionId);
    if (filter.status) query.where('c.status', filter.status);
    return ((await query) as Row[]).map(plain);
  },
  async hasPending(tx, institutionId) {
    return (await tx('institution_changes').where({ institution_id: institutionId, status: 'pending' }).first('id')) !== undefined;
  },
  async decide(tx, id, d) {
    await tx('institution_changes')
      .where({ id })
      .update({
        status: d.status,
        decided_by: d.decidedBy,
        decided_at: d.decidedAt,
        institution_id: d.institutionId,
        before: d.before === null ? null : JSON.stringify(d.before),
        after: d.after === null ? null : JSON.stringify(d.after),
      });
  },
};
