import type { DbOrTrx } from '../db/database.js';
import type { Guarantee, GuaranteeFilter, GuaranteeStatus } from './guarantee.js';

interface Row {
  id: string;
  application_id: string;
  product_id: string;
  product_name: string;
  route: Guarantee['route'];
  company_id: string;
  enterprise_id: string;
  enterprise_name: string;
  uscc: string;
  bank_id: string;
  bank_name: string;
  application_status: string;
  loan_amount: string;
  term_months: number;
  guaranteed_amount: string;
  loan_outstanding: string;
  status: GuaranteeStatus;
  decided_by: string | null;
  reason: string | null;
  fee_due: string;
  fee_paid: string;
  created_at: Date;
  decided_at: Date | null;
}

const toGuarantee = (r: Row): Guarantee => ({
  id: r.id,
  applicationId: r.application_id,
  productId: r.product_id,
  productName: r.product_name,
  route: r.route,
  companyId: r.company_id,
  enterpriseId: r.enterprise_id,
  enterpriseName: r.enterprise_name,
  uscc: r.uscc,
  bankId: r.bank_id,
  bankName: r.bank_name,
  applicationStatus: r.application_status,
  loanAmount: r.loan_amount,
  termMonths: r.term_months,
  guaranteedAmount: r.guaranteed_amount,
  loanOutstanding: r.loan_outstanding,
  status: r.status,
  decidedBy: r.decided_by,
  reason: r.reason,
  feeDue: r.fee_due,
  feePaid: r.fee_paid,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
});

const query = (db: DbOrTrx) =>
  db('guarantees as g')
    .join('guarantee_products as p', 'p.id', 'g.product_id')
    .join('loan_applications as a', 'a.id', 'g.application_id')
    .join('enterprises as e', 'e.id', 'g.enterprise_id')
    .join('institutions as b', 'b.id', 'a.bank_id')
    .select('g.*', 'p.name as product_name', 'p.route', 'e.name as enterprise_name', 'e.uscc', 'a.bank_id', 'b.name as bank_name', 'a.status as application_status', 'a.term_months', db.raw('(a.disbursed_amount - a.repaid_amount)::text as loan_outstanding'));

export interface GuaranteeDecision {
  status: 'granted' | 'declined';
  decidedBy: string;
  reason: string | null;
  loanAmount: string;
  guaranteedAmount: string;
  feeDue: string;
  at: Date;
}

/** SQL for the guarantees on applications. */
export const guaranteeStore = {
  async insertPending(db: DbOrTrx, g: { applicationId: string; productId: string; companyId: string; enterpriseId: string; loanAmount: string; guaranteedAmount: string; feeDue: string }): Promise<string> {
    const [row] = (await db('guarantees').insert({
      application_id: g.applicationId,
      product_id: g.productId,
      company_id: g.companyId,
      enterprise_id: g.enterpriseId,
      loan_amount: g.loanAmount,
      guaranteed_amount: g.guaranteedAmount,
      fee_due: g.feeDue,
      status: 'pending',
    }).returning('id')) as { id: string }[];
    return String(row!.id);
  },

  async find(db: DbOrTrx, id: string, options: { forUpdate?: boolean } = {}): Promise<Guarantee | undefined> {
    const q = query(db).where('g.id', id);
    if (options.forUpdate) q.forUpdate('g');
    const row = (await q.first()) as Row | undefined;
    return row && toGuarantee(row);
  },

  async forApplication(db: DbOrTrx, applicationId: string, options: { forUpdate?: boolean } = {}): Promise<Guarantee | undefined> {
    const q = query(db).where('g.application_id', applicationId);
    if (options.forUpdate) q.forUpdate('g');
    const row = (await q.first()) as Row | undefined;
    return row && toGuarantee(row);
  },

  /** Newest first, `limit` rows; `before`: only those listed after that guarantee (keyset on created_at, id). */
  async list(db: DbOrTrx, filter: GuaranteeFilter, page: { limit: number; before?: string }): Promise<Guarantee[]> {
    const q = query(db).where('g.company_id', filter.companyId).orderBy('g.created_at', 'desc').orderBy('g.id', 'desc').limit(page.limit);
    if (filter.status) q.where('g.status', filter.status);
    if (filter.productId) q.where('g.product_id', filter.productId);
    if (page.before !== undefined) q.whereRaw('(g.created_at, g.id) < (select created_at, id from guarantees where id = ?)', [page.before]);
    return ((await q) as Row[]).map(toGuarantee);
  },

  /** Only a pending guarantee is decided; false when it was not pending any more. */
  async decide(db: DbOrTrx, id: string, d: GuaranteeDecision): Promise<boolean> {
    const updated = await db('guarantees').where({ id, status: 'pending' }).update({
      status: d.status,
      decided_by: d.decidedBy,
      reason: d.reason,
      loan_amount: d.loanAmount,
      guaranteed_amount: d.guaranteedAmount,
      fee_due: d.feeDue,
      decided_at: d.at,
    });
    return updated > 0;
  },

  /** A granted guarantee's new amounts (a late approval); false when it was not in force. */
  async resize(db: DbOrTrx, id: string, r: { loanAmount: string; guaranteedAmount: string; feeDue: string; reason: string | null }): Promise<boolean> {
    const updated = await db('guarantees').where({ id, status: 'granted' }).update({
      loan_amount: r.loanAmount,
      guaranteed_amount: r.guaranteedAmount,
      fee_due: r.feeDue,
      reason: r.reason,
    });
    return updated > 0;
  },

  /** The amount of the fee payment recorded under `reference`, if any. */
  async feePayment(db: DbOrTrx, id: string, reference: string): Promise<string | undefined> {
    const row = (await db('guarantee_fee_payments').where({ guarantee_id: id, reference }).first('amount')) as { amount: string } | undefined;
    return row?.amount;
  },

  /** Records a fee payment and adds it to the total; false (nothing written) when it would pay more than is due. */
  async addFeePayment(db: DbOrTrx, id: string, p: { reference: string; amount: string; recordedBy: string }): Promise<boolean> {
    const updated = await db('guarantees')
      .where({ id })
      .whereRaw('fee_paid + ?::numeric <= fee_due', [p.amount])
      .update({ fee_paid: db.raw('fee_paid + ?::numeric', [p.amount]) });
    if (updated === 0) return false;
    await db('guarantee_fee_payments').insert({ guarantee_id: id, reference: p.reference, amount: p.amount, recorded_by: p.recordedBy });
    return true;
  },

  /** A granted guarantee the company paid out on (代偿); false when it was not in force. */
  async markCompensated(db: DbOrTrx, id: string): Promise<boolean> {
    return (await db('guarantees').where({ id, status: 'granted' }).update({ status: 'compensated' })) > 0;
  },

  /** 解保: a granted guarantee whose loan is settled; false when it was not in force. */
  async release(db: DbOrTrx, applicationId: string, at: Date): Promise<boolean> {
    return (await db('guarantees').where({ application_id: applicationId, status: 'granted' }).update({ status: 'released', released_at: at })) > 0;
  },

  /**
   * Serialises the grants of one company until the transaction ends. The capacity row alone does
   * not: a company that never set a batch limit has none, and a lock on no row waits for nothing.
   */
  async lockCapacity(db: DbOrTrx, companyId: string): Promise<void> {
    await db.raw('select pg_advisory_xact_lock(hashtext(?))', [`guarantee-company:${companyId}`]);
    await db('guarantee_capacity').where({ company_id: companyId }).forUpdate().first('company_id');
  },
};

export type GuaranteeStore = typeof guaranteeStore;
