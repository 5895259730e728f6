import type { Db } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { OverdueApplication, SlaRow, SlaStore } from './sla-store.js';

export interface LendingSla {
  thresholds: { acceptHours: number; decisionHours: number };
  rows: (SlaRow & { acceptanceRate: number | null })[];
  overdue: OverdueApplication[];
}

/**
 * Bank service levels for the financial office: per bank and product, time to acceptance and to
 * decision, 接单率 (accepted / submitted), and the applications past the SLA thresholds.
 */
export class SlaService {
  constructor(
    private readonly db: Db,
    private readonly store: SlaStore,
    private readonly clock: Clock,
    private readonly thresholds: { acceptHours: number; decisionHours: number },
  ) {}

  async report(overdueLimit = 200): Promise<LendingSla> {
    const t = { now: this.clock.now(), ...this.thresholds };
    const [rows, overdue] = await Promise.all([this.store.perBankAndProduct(this.db, t), this.store.overdue(this.db, t, overdueLimit)]);
    return {
      thresholds: this.thresholds,
      rows: rows.map((r) => ({ ...r, acceptanceRate: r.submitted ? Math.round((r.accepted / r.submitted) * 10_000) / 10_000 : null })),
      overdue,
    };
  }
}
