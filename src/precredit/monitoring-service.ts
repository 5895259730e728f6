import type { Db } from '../db/database.js';
import { shanghaiDate } from '../platform/business-date.js';
import type { Clock } from '../platform/clock.js';
import { INPUT_BY_CODE } from './input-catalog.js';
import type { ModelStore } from './model-store.js';
import type { ModelVersion } from './model-version.js';
import type { GradeOutcome, MonitoringStore, Snapshot } from './monitoring-store.js';
import { psi, PSI_VERDICT_LABELS, quantileEdges, verdictOf, type PsiVerdict } from './psi.js';

export interface StabilityPoint {
  month: string;
  total: number;
  psi: number;
  verdict: PsiVerdict;
  verdictLabel: string;
  scoreShares: number[];
  gradeCounts: Record<string, number>;
  features: { input: string; label: string; psi: number; verdict: PsiVerdict }[];
}

export interface MonitoringReport {
  model: ModelVersion;
  scoreEdges: number[];
  referenceShares: number[];
  months: StabilityPoint[];
  outcomes: GradeOutcome[];
}

const SCORE_BINS = 10;
const shares = (counts: readonly number[]) => {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total ? c / total : 0));
};

/**
 * Monthly score distribution per model and bank, with PSI and per-feature stability against the
 * model's reference (its training sample, or for a hand-set model its first month of results).
 */
export class MonitoringService {
  constructor(
    private readonly deps: {
      db: Db;
      store: MonitoringStore;
      models: ModelStore;
      clock: Clock;
      modelFor(bankId: string): Promise<ModelVersion>;
    },
  ) {}

  /** Records this month's snapshot for the bank's current model (scheduled monthly; also on each report). */
  async snapshot(bankId: string): Promise<ModelVersion> {
    const { db, store, models, clock } = this.deps;
    let model = await this.deps.modelFor(bankId);
    if (!model.reference) {
      const scores = await store.scores(db, bankId, model.id);
      if (scores.length === 0) return model;
      const scoreEdges = quantileEdges(scores, SCORE_BINS);
      const first = await store.distribution(db, bankId, model.id, scoreEdges, this.inputsOf(model), this.binsOf(model));
      const reference = { scoreEdges, scoreCounts: first.scoreCounts, features: first.featureCounts };
      if (model.bankId !== null) await models.setReference(db, model.id, reference);
      model = { ...model, reference };
    }
    const d = await store.distribution(db, bankId, model.id, model.reference!.scoreEdges, this.inputsOf(model), this.binsOf(model));
    if (d.total > 0) await store.save(db, { modelId: model.id, bankId, month: shanghaiDate(clock.now()).slice(0, 7), ...d }, clock.now());
    return model;
  }

  async report(bankId: string): Promise<MonitoringReport> {
    const model = await this.snapshot(bankId);
    const reference = model.reference;
    const snapshots: Snapshot[] = reference ? await this.deps.store.snapshots(this.deps.db, bankId, model.id) : [];
    const months = snapshots.map((s): StabilityPoint => {
      const total = psi(reference!.scoreCounts, s.scoreCounts).total;
      return {
        month: s.month,
        total: s.total,
        psi: total,
        verdict: verdictOf(total),
        verdictLabel: PSI_VERDICT_LABELS[verdictOf(total)],
        scoreShares: shares(s.scoreCounts),
        gradeCounts: s.gradeCounts,
        features: Object.entries(s.featureCounts).flatMap(([input, counts]) => {
          const base = reference!.features[input];
          if (!base || base.length !== counts.length) return [];
          const value = psi(base, counts).total;
          return [{ input, label: INPUT_BY_CODE.get(input)?.label ?? input, psi: value, verdict: verdictOf(value) }];
        }),
      };
    });
    return {
      model,
      scoreEdges: reference?.scoreEdges ?? [],
      referenceShares: reference ? shares(reference.scoreCounts) : [],
      months,
      outcomes: await this.deps.store.outcomesByGrade(this.deps.db, bankId),
    };
  }

  private inputsOf(model: ModelVersion): string[] {
    return model.document.features.map((f) => f.input);
  }

  private binsOf(model: ModelVersion): number[] {
    return model.document.features.map((f) => f.bins.length);
  }
}
