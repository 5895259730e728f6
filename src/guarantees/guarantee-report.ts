import type { Db } from '../db/database.js';
import { addDays } from '../platform/calendar-date.js';
import { forbidden } from '../platform/errors.js';
import { fromFen, toFen } from '../platform/money.js';
import type { Principal } from '../platform/roles.js';
import type { GuaranteeReportStore, ProductFacts } from './guarantee-report-store.js';
import { compensationCeilingFor } from './risk-rules.js';
import type { RiskPartyRole } from './risk-sharing.js';

/**
 * 担保业务月报, modelled on the Hubei monthly guarantee report: per product the new business of the
 * month, what is 在保 at its end, and the year's 代偿率 (本年累计代偿额 ÷ 本年累计解除的担保额, where a
 * guarantee's 担保额 is 解除 when its loan is paid off or when it is compensated) against the ceiling
 * in force (4 % before 2024-07-24, 5 % after, 财金〔2024〕60号); per party its share of the year's
 * compensations.
 */
export interface ProductReportRow extends Omit<ProductFacts, 'compensatedGuaranteed'> {
  /** Percent with two decimals, or null when nothing was released this year. */
  compensationRatePct: string | null;
  ceilingPct: string | null;
  aboveCeiling: boolean;
}

export interface MonthlyReport {
  month: string;
  companyName: string;
  products: ProductReportRow[];
  parties: { role: RiskPartyRole; label: string; amount: string }[];
}

/**
 * 代偿率 in percent to two decimals, rounded half up; null with nothing released. The denominator
 * is the 担保额 released in the year, by a loan paid off (`released`) or by a 代偿 (the compensated
 * guarantees' own 担保额, `compensatedGuaranteed`), never the 代偿 payout itself: one 代偿 of part
 * of a loan is not a rate of 100 %.
 */
export function compensationRate(compensated: string, released: string, compensatedGuaranteed: string): string | null {
  const denominator = toFen(released) + toFen(compensatedGuaranteed);
  if (denominator === 0n) return null;
  // Hundredths of a percent, rendered with two decimals as fen are.
  return fromFen((toFen(compensated) * 10_000n + denominator / 2n) / denominator);
}

export class GuaranteeReportService {
  constructor(private readonly deps: { db: Db; store: GuaranteeReportStore }) {}

  async monthly(officer: Principal, month: string): Promise<MonthlyReport> {
    if (!officer.institutionId) throw forbidden('NOT_A_GUARANTEE_COMPANY', '当前账号未关联担保机构');
    const monthStartDate = `${month}-01`;
    const [y, m] = month.split('-').map(Number) as [number, number];
    const nextDate = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const monthEndDate = addDays(nextDate, -1);
    const at = (date: string) => new Date(`${date}T00:00:00+08:00`);
    const bounds = { monthStart: at(monthStartDate), next: at(nextDate), yearStart: at(`${y}-01-01`), monthEndDate, yearStartDate: `${y}-01-01` };
    const facts = await this.deps.store.productFacts(this.deps.db, officer.institutionId, bounds);
    const ceilingPct = compensationCeilingFor(monthEndDate) ?? null;
    const products = facts.map(({ compensatedGuaranteed, ...f }) => {
      const rate = compensationRate(f.compensated, f.released, compensatedGuaranteed);
      return { ...f, compensationRatePct: rate, ceilingPct, aboveCeiling: rate !== null && ceilingPct !== null && toFen(rate) > toFen(ceilingPct) };
    });
    const byParty = new Map<RiskPartyRole, { label: string; fen: bigint }>();
    for (const shares of await this.deps.store.compensationShares(this.deps.db, officer.institutionId, bounds.yearStartDate, monthEndDate)) {
      for (const s of shares) {
        const entry = byParty.get(s.role) ?? { label: s.label, fen: 0n };
        entry.fen += toFen(s.amount);
        byParty.set(s.role, entry);
      }
    }
    const companyName = await this.deps.store.companyName(this.deps.db, officer.institutionId);
    return { month, companyName, products, parties: [...byParty].map(([role, e]) => ({ role, label: e.label, amount: fromFen(e.fen) })) };
  }
}
