import type { DbOrTrx } from '../db/database.js';

export interface Snapshot {
  modelId: string;
  bankId: string;
  month: string;
  total: number;
  scoreCounts: number[];
  /** Per input: counts per bin, the missing bin last. */
  featureCounts: Record<string, number[]>;
  gradeCounts: Record<string, number>;
}

export interface GradeOutcome {
  grade: string;
  applications: number;
  approved: number;
  defaulted: number;
  /** Loans that ended: closed or defaulted. */
  matured: number;
}

export interface MonitoringStore {
  scores(tx: DbOrTrx, bankId: string, modelId: string): Promise<number[]>;
  /** Today's distribution of the bank's active results under the model, in the given score bins. */
  distribution(tx: DbOrTrx, bankId: string, modelId: string, edges: readonly number[], inputs: readonly string[], binsPerInput: readonly number[]): Promise<Omit<Snapshot, 'modelId' | 'bankId' | 'month'>>;
  save(tx: DbOrTrx, snapshot: Snapshot, at: Date): Promise<void>;
  snapshots(tx: DbOrTrx, bankId: string, modelId: string): Promise<Snapshot[]>;
  /** Loan outcomes at the bank per current pre-credit grade. */
  outcomesByGrade(tx: DbOrTrx, bankId: string): Promise<GradeOutcome[]>;
}

const APPROVED = `('APPROVED','CONTRACTED','DISBURSED','REPAYING','CLOSED','DEFAULTED')`;

export const monitoringStore: MonitoringStore = {
  async scores(tx, bankId, modelId) {
    const { rows } = await tx.raw('select score from precredit_results where bank_id = ? and model_id = ? and active', [bankId, modelId]);
    return (rows as { score: number }[]).map((r) => r.score);
  },
  async distribution(tx, bankId, modelId, edges, inputs, binsPerInput) {
    const scope = 'bank_id = ? and model_id = ? and active';
    const { rows: scoreRows } = await tx.raw(
      `select width_bucket(score::float8, cast(? as float8[])) as b, count(*) as n from precredit_results where ${scope} group by 1`,
      [edges.length ? [...edges] : [Number.MAX_VALUE], bankId, modelId],
    );
    const { rows: featureRows } = await tx.raw(
      `select f.ord, f.bin, count(*) as n from precredit_results r cross join lateral unnest(r.bins) with ordinality as f(bin, ord) where ${scope} group by 1, 2`,
      [bankId, modelId],
    );
    const { rows: gradeRows } = await tx.raw(`select coalesce(grade, decision) as g, count(*) as n from precredit_results where ${scope} group by 1`, [bankId, modelId]);
    const scoreCounts = new Array<number>(edges.length + 1).fill(0);
    let total = 0;
    for (const r of scoreRows as { b: number; n: number }[]) {
      scoreCounts[Math.min(Number(r.b), edges.length)]! += Number(r.n);
      total += Number(r.n);
    }
    const featureCounts: Record<string, number[]> = Object.fromEntries(inputs.map((input, j) => [input, new Array<number>(binsPerInput[j]! + 1).fill(0)]));
    for (const r of featureRows as { ord: number; bin: number; n: number }[]) {
      const counts = featureCounts[inputs[Number(r.ord) - 1]!];
      if (counts) counts[r.bin < 0 ? counts.length - 1 : r.bin]! += Number(r.n);
    }
    const gradeCounts = Object.fromEntries((gradeRows as { g: string; n: number }[]).map((r) => [r.g, Number(r.n)]));
    return { total, scoreCounts, featureCounts, gradeCounts };
  },
  async save(tx, s, at) {
    await tx.raw(
      `insert into precredit_monitoring (model_id, bank_id, month, total, score_counts, feature_counts, grade_counts, taken_at) values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (model_id, bank_id, month) do update set total = excluded.total, score_counts = excluded.score_counts,
         feature_counts = excluded.feature_counts, grade_counts = excluded.grade_counts, taken_at = excluded.taken_at`,
      [s.modelId, s.bankId, s.month, s.total, JSON.stringify(s.scoreCounts), JSON.stringify(s.featureCounts), JSON.stringify(s.gradeCounts), at],
    );
  },
  async snapshots(tx, bankId, modelId) {
    const rows = (await tx('precredit_monitoring').where({ bank_id: bankId, model_id: modelId }).orderBy('month')) as {
      model_id: string;
      bank_id: string;
      month: string;
      total: number;
      score_counts: number[];
      feature_counts: Record<string, number[]>;
      grade_counts: Record<string, number>;
    }[];
    return rows.map((r) => ({ modelId: r.model_id, bankId: r.bank_id, month: r.month, total: r.total, scoreCounts: r.score_counts, featureCounts: r.feature_counts, gradeCounts: r.grade_counts }));
  },
  async outcomesByGrade(tx, bankId) {
    const { rows } = await tx.raw(
      `select coalesce(r.grade, '未评级') as grade, count(*) as applications,
              count(*) filter (where a.status in ${APPROVED}) as approved,
              count(*) filter (where a.status = 'DEFAULTED') as defaulted,
              count(*) filter (where a.status in ('CLOSED', 'DEFAULTED')) as matured
         from loan_applications a join precredit_results r on r.bank_id = a.bank_id and r.enterprise_id = a.enterprise_id
        where a.bank_id = ? and a.status not in ('DRAFT')
        group by 1 order by 1`,
      [bankId],
    );
    return (rows as Record<string, string | number>[]).map((r) => ({
      grade: String(r.grade),
      applications: Number(r.applications),
      approved: Number(r.approved),
      defaulted: Number(r.defaulted),
      matured: Number(r.matured),
    }));
  },
};
