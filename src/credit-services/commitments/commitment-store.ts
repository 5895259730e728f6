import type { DbOrTrx } from '../../db/database.js';
import type { Commitment, CommitmentStatus } from './commitment.js';

export type NewCommitment = Pick<Commitment, 'number' | 'uscc' | 'kind' | 'text' | 'committedOn' | 'institutionId'>;

export interface CommitmentCheck {
  status: Exclude<CommitmentStatus, 'pending'>;
  finding: string;
  checkedOn: string;
  checkedAt: Date;
  checkedBy: string;
  breachBatchId: string | null;
  breachRecordKey: string | null;
}

export interface CommitmentFilter {
  uscc?: string;
  institutionId?: string;
  status?: CommitmentStatus;
}

export interface CommitmentStore {
  insert(tx: DbOrTrx, c: NewCommitment): Promise<Commitment>;
  /** Locks the row (the check decides on it). */
  lock(tx: DbOrTrx, id: string): Promise<Commitment | undefined>;
  list(tx: DbOrTrx, filter: CommitmentFilter, limit: number): Promise<Commitment[]>;
  /** Stores the check and ends any claim. */
  check(tx: DbOrTrx, id: string, check: CommitmentCheck): Promise<Commitment>;
  /** The claim on a locked commitment while a breach is being delivered, if one is live at `now`. */
  liveClaim(tx: DbOrTrx, id: string, now: Date): Promise<string | undefined>;
  claim(tx: DbOrTrx, id: string, token: string, until: Date): Promise<void>;
  release(tx: DbOrTrx, id: string, token: string): Promise<void>;
}

const COLUMNS = `id, number, uscc, kind, commitment_text as "text", to_char(committed_on, 'YYYY-MM-DD') as "committedOn",
  institution_id as "institutionId", status, finding, to_char(checked_on, 'YYYY-MM-DD') as "checkedOn", checked_at as "checkedAt",
  breach_batch_id as "breachBatchId", breach_record_key as "breachRecordKey"`;

const row = (r: Commitment): Commitment => ({ ...r, checkedAt: r.checkedAt && new Date(r.checkedAt) });

export const commitmentStore: CommitmentStore = {
  async insert(tx, c) {
    const result = await tx.raw(
      `insert into credit_commitments (number, uscc, kind, commitment_text, committed_on, institution_id) values (?, ?, ?, ?, ?, ?) returning ${COLUMNS}`,
      [c.number, c.uscc, c.kind, c.text, c.committedOn, c.institutionId],
    );
    return row(result.rows[0]);
  },
  async lock(tx, id) {
    const result = await tx.raw(`select ${COLUMNS} from credit_commitments where id = ? for update`, [id]);
    return result.rows[0] && row(result.rows[0]);
  },
  async list(tx, filter, limit) {
    const where: string[] = [];
    const values: string[] = [];
    for (const [column, value] of [['uscc', filter.uscc], ['institution_id', filter.institutionId], ['status', filter.status]] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      values.push(value);
    }
    const result = await tx.raw(
      `select ${COLUMNS} from credit_commitments ${where.length ? `where ${where.join(' and ')}` : ''} order by committed_on desc, number desc limit ?`,
      [...values, limit],
    );
    return result.rows.map(row);
  },
  async check(tx, id, c) {
    const result = await tx.raw(
      `update credit_commitments set status = ?, finding = ?, checked_on = ?, checked_at = ?, checked_by = ?, breach_batch_id = ?, breach_record_key = ?,
        check_claim = null, check_claimed_until = null where id = ? returning ${COLUMNS}`,
      [c.status, c.finding, c.checkedOn, c.checkedAt, c.checkedBy, c.breachBatchId, c.breachRecordKey, id],
    );
    return row(result.rows[0]);
  },
  async liveClaim(tx, id, now) {
    const result = await tx.raw('select check_claim as claim from credit_commitments where id = ? and check_claimed_until > ?', [id, now]);
    return (result.rows[0] as { claim: string | null } | undefined)?.claim ?? undefined;
  },
  async claim(tx, id, token, until) {
    await tx.raw('update credit_commitments set check_claim = ?, check_claimed_until = ? where id = ?', [token, until, id]);
  },
  async release(tx, id, token) {
    await tx.raw('update credit_commitments set check_claim = null, check_claimed_until = null where id = ? and check_claim = ?', [id, token]);
  },
};
