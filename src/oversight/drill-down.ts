import { ratio } from './decimal.js';
import type { KpiDefinition } from './kpi-catalogue.js';
import { computeFigures, loanParts, loanTotals, type FigureScope } from './kpi-figures.js';
import type { LoanMonth, OversightFacts } from './oversight-facts.js';
import type { SourceRow } from './oversight-store.js';

/**
 * From a figure to the institutions behind it: banks for access and lending figures, the
 * data-source departments for data figures, and districts for figures about enterprises, which
 * never go down to an individual enterprise.
 */
export interface DrillDownRow {
  id: string;
  name: string;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  /** Banks: whether the connection works now (已对接). */
  connected?: boolean;
  lastExchangeAt?: Date | null;
}

export type DrillDownKind = 'banks' | 'sources' | 'districts';

const SOURCE_CATEGORY: Record<string, (r: SourceRow) => boolean> = {
  coverage_tax: (r) => r.category === 'tax_payments',
  coverage_water: (r) => r.category === 'utilities',
  coverage_gas: (r) => r.category === 'utilities',
  coverage_real_estate: (r) => r.category === 'real_estate',
  coverage_rnd: (r) => r.category === 'rnd',
  publicity_on_time: (r) => r.category === 'permits' || r.category === 'penalties',
  uscc_error_rate: () => true,
  commitment_fulfilment_share: (r) => r.category === 'commitment_breaches',
};

export function drillKind(def: KpiDefinition): DrillDownKind {
  if (def.group === 'data') return 'sources';
  if (def.group === 'lending' || def.code === 'bank_access_share' || def.code === 'precredit_model_banks') return 'banks';
  return 'districts';
}

export function bankRows(def: KpiDefinition, facts: OversightFacts, byBank: readonly LoanMonth[], scope: FigureScope): DrillDownRow[] {
  return facts.banks.map((bank) => {
    const connected = scope.connectedBanks.has(bank.id);
    const base = { id: bank.id, name: bank.name, connected, lastExchangeAt: bank.lastExchangeAt };
    if (def.code === 'bank_access_share') return { ...base, value: connected ? '1' : '0', numerator: connected ? '1' : '0', denominator: '1' };
    if (def.code === 'precredit_model_banks') {
      const active = facts.precreditModelBanks.includes(bank.id) ? '1' : '0';
      return { ...base, value: active, numerator: active, denominator: null };
    }
    if (def.unavailable) return { ...base, value: null, numerator: null, denominator: null };
    return { ...base, ...loanParts(def.code, loanTotals(byBank.filter((r) => r.group === bank.id), scope.month)) };
  });
}

export function sourceRows(def: KpiDefinition, sources: readonly SourceRow[]): DrillDownRow[] {
  const keep = SOURCE_CATEGORY[def.code] ?? (() => false);
  const byInstitution = new Map<string, { name: string; accepted: number; read: number; errors: number }>();
  for (const r of sources.filter(keep)) {
    const row = byInstitution.get(r.institutionId) ?? { name: r.name, accepted: 0, read: 0, errors: 0 };
    row.accepted += r.rowsAccepted;
    row.read += r.monthRowsRead;
    row.errors += r.monthUsccErrors;
    byInstitution.set(r.institutionId, row);
  }
  return [...byInstitution.entries()].map(([id, r]) =>
    def.code === 'uscc_error_rate'
      ? { id, name: r.name, value: ratio(r.errors, r.read), numerator: String(r.errors), denominator: String(r.read) }
      : { id, name: r.name, value: String(r.accepted), numerator: String(r.accepted), denominator: null },
  );
}

export function districtRows(def: KpiDefinition, facts: OversightFacts, scope: FigureScope): DrillDownRow[] {
  return facts.districts.map((d) => {
    const f = computeFigures(facts, { ...scope, districtCode: d.code }).find((x) => x.code === def.code)!;
    return { id: d.code, name: d.name, value: f.value, numerator: f.numerator, denominator: f.denominator };
  });
}
