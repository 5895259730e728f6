import { fen, ratio, sumFen, yuan } from './decimal.js';
import { KPI_CATALOGUE, type KpiDefinition } from './kpi-catalogue.js';
import type { KpiTarget, LoanMonth, OversightFacts } from './oversight-facts.js';

/**
 * The KPI arithmetic: from the aggregates to each figure of the catalogue, for one month and
 * either the whole city or one district. Stock figures (shares, balances) are as of the month's
 * end; flow figures (首贷, rate, online share, 双公示, 重错码) count the month itself. Figures the
 * platform only knows for "now" (active grants, bank access, record coverage) are null for past
 * months rather than today's value passed off as history.
 */
export interface KpiFigure {
  code: string;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  target: { comparator: KpiTarget['comparator']; value: string; source: string; effectiveFrom: string } | null;
  /** Whether the value meets the target; null without a value or a target. */
  met: boolean | null;
}

export interface FigureScope {
  month: string;
  /** The current month (Asia/Shanghai): "now" figures are only given for it. */
  currentMonth: string;
  districtCode?: string;
  /** Bank codes with an adapter configured. */
  configuredBanks: ReadonlySet<string>;
  /**
   * Institution ids of the banks that are 已对接 now, by the one rule of bank-connections (a
   * successful exchange since the connection last changed, within BANK_CONNECTED_WITHIN_DAYS), so
   * the office reads the same answer as 银行对接 and 机构管理.
   */
  connectedBanks: ReadonlySet<string>;
}

/** The last day of a `YYYY-MM` month. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function targetFor(targets: readonly KpiTarget[], code: string, month: string): KpiTarget | undefined {
  const day = monthEnd(month);
  return targets
    .filter((t) => t.kpiCode === code && t.effectiveFrom <= day && (t.effectiveTo === null || t.effectiveTo > day))
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))
    .at(-1);
}

function meets(value: string, t: KpiTarget): boolean {
  const v = Number(value);
  const goal = Number(t.target);
  return t.comparator === 'gt' ? v > goal : t.comparator === 'gte' ? v >= goal : t.comparator === 'lt' ? v < goal : v <= goal;
}

type Parts = { value: string | null; numerator: string | null; denominator: string | null };
const none: Parts = { value: null, numerator: null, denominator: null };
const share = (n: number | bigint, d: number | bigint, money = false): Parts => ({
  value: ratio(n, d),
  numerator: money ? yuan(BigInt(n)) : String(n),
  denominator: money ? yuan(BigInt(d)) : String(d),
});

/** Balances and flows of a set of loan rows, as of a month (balances) and in it (flows). */
export function loanTotals(rows: readonly LoanMonth[], month: string) {
  const upTo = rows.filter((r) => r.month <= month);
  const inMonth = rows.filter((r) => r.month === month);
  const balance = (d: (r: LoanMonth) => string, p: (r: LoanMonth) => string) => sumFen(upTo.map(d)) - sumFen(upTo.map(p));
  return {
    balance: balance((r) => r.disbursed, (r) => r.repaid),
    inclusive: balance((r) => r.inclusiveDisbursed, (r) => r.inclusiveRepaid),
    creditInclusive: balance((r) => r.creditInclusiveDisbursed, (r) => r.creditInclusiveRepaid),
    guarantee: balance((r) => r.guaranteeDisbursed, (r) => r.guaranteeRepaid),
    disbursed: sumFen(inMonth.map((r) => r.disbursed)),
    online: sumFen(inMonth.map((r) => r.onlineDisbursed)),
    firstLoans: inMonth.reduce((n, r) => n + r.firstLoans, 0),
    firstLoanAmount: sumFen(inMonth.map((r) => r.firstLoanAmount)),
    rateWeighted: inMonth.reduce((n, r) => n + Number(r.rateWeighted), 0),
    rated: sumFen(inMonth.map((r) => r.ratedAmount)),
  };
}

export function loanParts(code: string, t: ReturnType<typeof loanTotals>): Parts {
  switch (code) {
    case 'inclusive_balance':
      return { value: yuan(t.inclusive), numerator: yuan(t.inclusive), denominator: null };
    case 'credit_loan_share':
      return share(t.creditInclusive, t.inclusive, true);
    case 'guarantee_share':
      return share(t.guarantee, t.balance, true);
    case 'first_loan_count':
      return { value: String(t.firstLoans), numerator: String(t.firstLoans), denominator: null };
    case 'first_loan_amount':
      return { value: yuan(t.firstLoanAmount), numerator: yuan(t.firstLoanAmount), denominator: null };
    case 'average_rate':
      return {
        value: t.rated === 0n ? null : (t.rateWeighted / (Number(t.rated) / 100)).toFixed(4),
        numerator: t.rateWeighted.toFixed(2),
        denominator: yuan(t.rated),
      };
    case 'online_disbursement_share':
      return share(t.online, t.disbursed, true);
    default:
      return none;
  }
}

function partsFor(def: KpiDefinition, facts: OversightFacts, scope: FigureScope): Parts {
  if (def.unavailable) return none;
  const inScope = <T extends { districtCode: string }>(rows: readonly T[]) => (scope.districtCode ? rows.filter((r) => r.districtCode === scope.districtCode) : rows);
  const count = (rows: readonly { count: number }[]) => rows.reduce((n, r) => n + r.count, 0);
  const existing = count(inScope(facts.entities));
  const cityExisting = count(facts.entities);
  const isCurrent = scope.month === scope.currentMonth;
  const loans = loanTotals(scope.districtCode ? facts.loans.filter((r) => r.group === scope.districtCode) : facts.loans, scope.month);
  switch (def.code) {
    case 'registration_share':
      return share(count(inScope(facts.registrations).filter((r) => r.month <= scope.month)), existing);
    case 'authorisation_share_ever':
      return share(count(inScope(facts.authorisations).filter((r) => r.month <= scope.month)), existing);
    case 'authorisation_share_active':
      return isCurrent ? share(count(inScope(facts.activeAuthorisations)), existing) : none;
    case 'bank_access_share':
      return isCurrent ? share(facts.banks.filter((b) => scope.connectedBanks.has(b.id)).length, facts.banks.length) : none;
    case 'precredit_model_banks':
      return isCurrent ? { value: String(facts.precreditModelBanks.length), numerator: String(facts.precreditModelBanks.length), denominator: null } : none;
    case 'coverage_tax':
      return isCurrent ? share(facts.records['tax_payments'] ?? 0, cityExisting) : none;
    case 'coverage_water':
      return isCurrent ? share(facts.records['utilities:water'] ?? 0, cityExisting) : none;
    case 'coverage_gas':
      return isCurrent ? share(facts.records['utilities:gas'] ?? 0, cityExisting) : none;
    case 'commitment_fulfilment_share':
      return isCurrent ? share(facts.commitments.withFulfilment, facts.commitments.committed) : none;
    case 'coverage_real_estate':
      return isCurrent ? share(facts.records['real_estate'] ?? 0, cityExisting) : none;
    case 'coverage_rnd':
      return isCurrent ? share(facts.records['rnd:reported'] ?? 0, facts.records['rnd:designated'] ?? 0) : none;
    case 'publicity_on_time': {
      const m = facts.publicity.find((p) => p.month === scope.month);
      return m ? share(m.onTime, m.total) : none;
    }
    case 'uscc_error_rate': {
      const m = facts.usccQuality.find((p) => p.month === scope.month);
      return m ? share(m.errors, m.rowsRead) : none;
    }
    case 'inclusive_share_of_city': {
      const city = facts.cityBalances.find((b) => b.month === scope.month);
      const platform = loanTotals(facts.loans, scope.month).inclusive;
      return city ? share(platform, fen(city.balance), true) : { value: null, numerator: yuan(platform), denominator: null };
    }
    default:
      return loanParts(def.code, loans);
  }
}

export function figure(def: KpiDefinition, parts: Parts, targets: readonly KpiTarget[], month: string): KpiFigure {
  const target = targetFor(targets, def.code, month);
  return {
    code: def.code,
    ...parts,
    target: target ? { comparator: target.comparator, value: target.target, source: target.source, effectiveFrom: target.effectiveFrom } : null,
    met: target && parts.value !== null ? meets(parts.value, target) : null,
  };
}

/** Every catalogue figure for the scope (city-wide figures stay city-wide when a district is asked for). */
export function computeFigures(facts: OversightFacts, scope: FigureScope): KpiFigure[] {
  return KPI_CATALOGUE.map((def) => figure(def, partsFor(def, facts, def.byDistrict ? scope : { ...scope, districtCode: undefined }), facts.targets, scope.month));
}

/** The months from `to` back over `count` months, oldest first. */
export function monthsBack(to: string, count: number): string[] {
  const [y, m] = to.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}
