import type { DbOrTrx } from '../../db/database.js';
import type { ConsentTerms } from '../consent-terms.js';
import type { FinancingDemand } from './financing-demand.js';

interface Row {
  id: string;
  enterprise_id: string;
  amount: string;
  term_months: number;
  purpose: string;
  consent_terms: ConsentTerms | string | null;
  status: FinancingDemand['status'];
  accepted_by_bank_id: string | null;
  application_id: string | null;
  created_at: Date;
  accepted_at: Date | null;
}

const toDemand = (r: Row): FinancingDemand => ({
  id: r.id,
  enterpriseId: r.enterprise_id,
  amount: r.amount,
  termMonths: r.term_months,
  purpose: r.purpose,
  consentTerms: typeof r.consent_terms === 'string' ? (JSON.parse(r.consent_terms) as ConsentTerms) : r.consent_terms,
  status: r.status,
  acceptedByBankId: r.accepted_by_bank_id,
  applicationId: r.application_id,
  createdAt: r.created_at,
  acceptedAt: r.accepted_at,
});

export interface DemandStore {
  /** Undefined when the enterprise already has an open demand (a unique index, so also under concurrency). */
  insert(tx: DbOrTrx, d: { enterpriseId: string; amount: string; termMonths: number; purpose: string; consentTerms: ConsentTerms }): Promise<FinancingDemand | undefined>;
  /**
   * The enterprise's open demand, if any. After `insert` refused a row, the one that blocked it is
   * visible here: the index waited for its transaction to commit.
   */
  findOpen(tx: DbOrTrx, enterpriseId: string): Promise<FinancingDemand | undefined>;
  findById(tx: DbOrTrx, id: string): Promise<FinancingDemand | undefined>;
  listByEnterprise(tx: DbOrTrx, enterpriseId: string): Promise<FinancingDemand[]>;
  /** Open demands that `bankId` has a published product for (amount and term within its ranges). */
  /** Open demands `bankId` covers, oldest first; `after`: only those listed after that demand. */
  listOpenForBank(tx: DbOrTrx, bankId: string, page: { limit: number; after?: string }): Promise<FinancingDemand[]>;
  /**
   * Takes an open demand for `bankId` in one conditional UPDATE: under concurrency exactly one
   * bank gets the row back, every other caller gets undefined.
   */
  take(tx: DbOrTrx, id: string, bankId: string, at: Date): Promise<FinancingDemand | undefined>;
  linkApplication(tx: DbOrTrx, id: string, applicationId: string): Promise<void>;
  withdraw(tx: DbOrTrx, id: string, enterpriseId: string): Promise<boolean>;
  bankCovers(tx: DbOrTrx, bankId: string, amount: string, termMonths: number): Promise<boolean>;
}

const coveredBy = (tx: DbOrTrx, bankId: string) =>
  tx('loan_products as p')
    .where('p.bank_id', bankId)
    .where('p.status', 'published')
    .whereRaw('p.min_amount <= d.amount and p.max_amount >= d.amount')
    .whereRaw('p.min_term_months <= d.term_months and p.max_term_months >= d.term_months')
    .select(tx.raw('1'));

export const demandStore: DemandStore = {
  async insert(tx, d) {
    const [row] = (await tx('financing_demands')
      .insert({ enterprise_id: d.enterpriseId, amount: d.amount, term_months: d.termMonths, purpose: d.purpose, consent_terms: JSON.stringify(d.consentTerms) })
      // Only the one-open index (decision 0044) means "already open"; any other unique violation is raised.
      .onConflict(tx.raw("(enterprise_id) where status = 'open' and not duplicate_before_rule"))
      .ignore()
      .returning('*')) as Row[];
    return row && toDemand(row);
  },
  async findOpen(tx, enterpriseId) {
    const row = (await tx('financing_demands').where({ enterprise_id: enterpriseId, status: 'open' }).orderBy('duplicate_before_rule').orderBy('created_at').first()) as Row | undefined;
    return row && toDemand(row);
  },
  async findById(tx, id) {
    const row = (await tx('financing_demands').where({ id }).first()) as Row | undefined;
    return row && toDemand(row);
  },
  async listByEnterprise(tx, enterpriseId) {
    return ((await tx('financing_demands').where({ enterprise_id: enterpriseId }).orderBy('created_at', 'desc')) as Row[]).map(toDemand);
  },
  async listOpenForBank(tx, bankId, { limit, after }) {
    const query = tx('financing_demands as d').where('d.status', 'open').whereExists(coveredBy(tx, bankId));
    if (after !== undefined) query.whereRaw('(d.created_at, d.id) > (select created_at, id from financing_demands where id = ?)', [after]);
    const rows = (await query.orderBy([{ column: 'd.created_at' }, { column: 'd.id' }]).limit(limit).select('d.*')) as Row[];
    return rows.map(toDemand);
  },
  async take(tx, id, bankId, at) {
    const rows = (await tx('financing_demands')
      .where({ id, status: 'open' })
      .update({ status: 'accepted', accepted_by_bank_id: bankId, accepted_at: at })
      .returning('*')) as Row[];
    return rows[0] && toDemand(rows[0]);
  },
  async linkApplication(tx, id, applicationId) {
    await tx('financing_demands').where({ id }).update({ application_id: applicationId });
  },
  async withdraw(tx, id, enterpriseId) {
    return (await tx('financing_demands').where({ id, enterprise_id: enterpriseId, status: 'open' }).update({ status: 'withdrawn' })) > 0;
  },
  async bankCovers(tx, bankId, amount, termMonths) {
    const row = await tx('loan_products')
      .where({ bank_id: bankId, status: 'published' })
      .where('min_amount', '<=', amount)
      .where('max_amount', '>=', amount)
      .where('min_term_months', '<=', termMonths)
      .where('max_term_months', '>=', termMonths)
      .first('id');
    return row !== undefined;
  },
};
