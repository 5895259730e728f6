import { sumFen, yuan } from './decimal.js';
import { PRECREDIT_FUNNEL, type PrecreditStage } from './kpi-catalogue.js';
import type { BankAccess } from './oversight-facts.js';
import type { PrecreditFunnelRow } from './oversight-store.js';

/** The pre-credit funnel of the period: city-wide stages and each bank's (banks without a white list omitted). */
export interface PrecreditFunnelStage {
  stage: PrecreditStage;
  count: number;
  amount: string;
}

export interface PrecreditFunnel {
  stages: PrecreditFunnelStage[];
  banks: { bankId: string; bankName: string; stages: PrecreditFunnelStage[] }[];
}

const PARTS: Record<PrecreditStage, (r: PrecreditFunnelRow) => [number, string]> = {
  whitelisted: (r) => [r.whitelisted, r.whitelistedAmount],
  visited: (r) => [r.visited, r.visitedAmount],
  approved: (r) => [r.approved, r.approvedAmount],
  disbursed: (r) => [r.disbursed, r.disbursedAmount],
};

const stagesOf = (rows: readonly PrecreditFunnelRow[]): PrecreditFunnelStage[] =>
  PRECREDIT_FUNNEL.map(({ stage }) => ({
    stage,
    count: rows.reduce((n, r) => n + PARTS[stage](r)[0], 0),
    amount: yuan(sumFen(rows.map((r) => PARTS[stage](r)[1]))),
  }));

export function precreditFunnel(rows: readonly PrecreditFunnelRow[], banks: readonly BankAccess[]): PrecreditFunnel {
  const byId = new Map(rows.map((r) => [r.bankId, r]));
  return {
    stages: stagesOf(rows),
    banks: banks.filter((b) => byId.has(b.id)).map((b) => ({ bankId: b.id, bankName: b.name, stages: stagesOf([byId.get(b.id)!]) })),
  };
}
