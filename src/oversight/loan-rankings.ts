import { yuan } from './decimal.js';
import { loanTotals } from './kpi-figures.js';
import type { LoanMonth } from './oversight-facts.js';

/**
 * 放款排名 of the monthly report, after the Hubei monthly 通报 (which ranks 市州, guarantors,
 * banks and products by new business): districts or banks by the month's disbursements, with the
 * month-end balance, the 普惠 balance and the new 首贷户 beside them.
 */
export interface RankingRow {
  name: string;
  disbursed: string;
  balance: string;
  inclusiveBalance: string;
  firstLoans: number;
}

export function rankLoans(rows: readonly LoanMonth[], groups: readonly { id: string; name: string }[], month: string): RankingRow[] {
  return groups
    .map((g) => {
      const t = loanTotals(rows.filter((r) => r.group === g.id), month);
      return { name: g.name, disbursedFen: t.disbursed, disbursed: yuan(t.disbursed), balance: yuan(t.balance), inclusiveBalance: yuan(t.inclusive), firstLoans: t.firstLoans };
    })
    .sort((a, b) => (b.disbursedFen > a.disbursedFen ? 1 : b.disbursedFen < a.disbursedFen ? -1 : a.name.localeCompare(b.name, 'zh-CN')))
    .map(({ disbursedFen: _, ...row }) => row);
}
