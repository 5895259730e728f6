import type { DbOrTrx } from '../../db/database.js';

export interface SlaRow {
  bankId: string;
  bankName: string;
  productId: string | null;
  productName: string | null;
  submitted: number;
  accepted: number;
  decided: number;
  /** Mean hours from submission to acceptance / to decision; null when none yet. */
  avgHoursToAcceptance: number | null;
  avgHoursToDecision: number | null;
  overdue: number;
}

export interface OverdueApplication {
  id: string;
  bankId: string;
  bankName: string;
  productId: string | null;
  status: string;
  submittedAt: Date;
  /** `acceptance` (still SUBMITTED) or `decision` (accepted, not yet decided). */
  overdueFor: 'acceptance' | 'decision';
}

export interface SlaThresholds {
  now: Date;
  acceptHours: number;
  decisionHours: number;
}

const AWAITING_DECISION = ['ACCEPTED', 'UNDER_REVIEW', 'ACTION_REQUIRED'];

/** The overdue condition, shared by the counts and the list (bindings: accept cutoff, decision cutoff). */
const OVERDUE_SQL = `((a.status = 'SUBMITTED' and a.submitted_at < ?) or (a.status in ('${AWAITING_DECISION.join("','")}') and a.submitted_at < ?))`;

const cutoffs = (t: SlaThresholds) => [
  new Date(t.now.getTime() - t.acceptHours * 3_600_000),
  new Date(t.now.getTime() - t.decisionHours * 3_600_000),
];

const round1 = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

export interface SlaStore {
  perBankAndProduct(tx: DbOrTrx, thresholds: SlaThresholds): Promise<SlaRow[]>;
  overdue(tx: DbOrTrx, thresholds: SlaThresholds, limit: number): Promise<OverdueApplication[]>;
}

export const slaStore: SlaStore = {
  async perBankAndProduct(tx, t) {
    const rows = await tx('loan_applications as a')
      .join('institutions as i', 'i.id', 'a.bank_id')
      .leftJoin('loan_products as p', 'p.id', 'a.product_id')
      .whereNotNull('a.submitted_at')
      .groupBy('a.bank_id', 'i.name', 'a.product_id', 'p.name')
      .orderBy([{ column: 'i.name' }, { column: 'p.name' }])
      .select(
        'a.bank_id',
        'i.name as bank_name',
        'a.product_id',
        'p.name as product_name',
        tx.raw('count(*)::int as submitted'),
        tx.raw('count(a.accepted_at)::int as accepted'),
        tx.raw('count(a.decided_at)::int as decided'),
        tx.raw('avg(extract(epoch from a.accepted_at - a.submitted_at)) / 3600 as avg_accept'),
        tx.raw('avg(extract(epoch from a.decided_at - a.submitted_at)) / 3600 as avg_decision'),
        tx.raw(`(count(*) filter (where ${OVERDUE_SQL}))::int as overdue`, cutoffs(t)),
      );
    return rows.map(
      (r): SlaRow => ({
        bankId: r.bank_id,
        bankName: r.bank_name,
        productId: r.product_id,
        productName: r.product_name,
        submitted: Number(r.submitted),
        accepted: Number(r.accepted),
        decided: Number(r.decided),
        avgHoursToAcceptance: round1(r.avg_accept),
        avgHoursToDecision: round1(r.avg_decision),
        overdue: Number(r.overdue),
      }),
    );
  },
  async overdue(tx, t, limit) {
    const rows = await tx('loan_applications as a')
      .join('institutions as i', 'i.id', 'a.bank_id')
      .whereRaw(OVERDUE_SQL, cutoffs(t))
      .orderBy('a.submitted_at')
      .limit(limit)
      .select('a.id', 'a.bank_id', 'i.name as bank_name', 'a.product_id', 'a.status', 'a.submitted_at');
    return rows.map(
      (r): OverdueApplication => ({
        id: r.id,
        bankId: r.bank_id,
        bankName: r.bank_name,
        productId: r.product_id,
        status: r.status,
        submittedAt: r.submitted_at,
        overdueFor: r.status === 'SUBMITTED' ? 'acceptance' : 'decision',
      }),
    );
  },
};
