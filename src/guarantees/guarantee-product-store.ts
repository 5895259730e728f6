import type { DbOrTrx } from '../db/database.js';
import type { GuaranteeProduct, GuaranteeProductDraft } from './guarantee-product.js';
import type { RiskTemplate } from './risk-sharing.js';

interface TemplateRow {
  code: string;
  name: string;
  parties: RiskTemplate['parties'];
  recovery_share_bp: number[] | null;
  basis: RiskTemplate['basis'];
  source: string;
}

const toTemplate = (r: TemplateRow): RiskTemplate => ({
  code: r.code,
  name: r.name,
  parties: r.parties,
  recoveryShareBp: r.recovery_share_bp,
  basis: r.basis,
  source: r.source,
});

interface ProductRow {
  id: string;
  company_id: string;
  company_name: string;
  loan_product_id: string;
  loan_product_name: string;
  bank_name: string;
  name: string;
  route: GuaranteeProduct['route'];
  template_code: string;
  guaranteed_share_bp: number;
  fee_rate: string;
  fee_subsidy_rate: string;
  single_firm_cap: string;
  max_term_months: number;
  eligible_lists: GuaranteeProduct['eligibleLists'];
  tech_tier: GuaranteeProduct['techTier'];
  counter_guarantees: GuaranteeProduct['counterGuarantees'];
  counter_guarantee_free_up_to: string | null;
  auto_grant_max_amount: string | null;
  created_at: Date;
}

const toProduct = (r: ProductRow): GuaranteeProduct => ({
  id: r.id,
  companyId: r.company_id,
  companyName: r.company_name,
  loanProductId: r.loan_product_id,
  loanProductName: r.loan_product_name,
  bankName: r.bank_name,
  name: r.name,
  route: r.route,
  templateCode: r.template_code,
  guaranteedShareBp: r.guaranteed_share_bp,
  feeRate: r.fee_rate,
  feeSubsidyRate: r.fee_subsidy_rate,
  singleFirmCap: r.single_firm_cap,
  maxTermMonths: r.max_term_months,
  eligibleLists: r.eligible_lists,
  techTier: r.tech_tier,
  counterGuarantees: r.counter_guarantees,
  counterGuaranteeFreeUpTo: r.counter_guarantee_free_up_to,
  autoGrantMaxAmount: r.auto_grant_max_amount,
  createdAt: r.created_at,
});

const productQuery = (db: DbOrTrx) =>
  db('guarantee_products as g')
    .join('institutions as c', 'c.id', 'g.company_id')
    .join('loan_products as p', 'p.id', 'g.loan_product_id')
    .join('institutions as b', 'b.id', 'p.bank_id')
    .select('g.*', 'c.name as company_name', 'p.name as loan_product_name', 'b.name as bank_name');

const productColumns = (d: GuaranteeProductDraft) => ({
  name: d.name,
  route: d.route,
  template_code: d.templateCode,
  guaranteed_share_bp: d.guaranteedShareBp,
  fee_rate: d.feeRate,
  fee_subsidy_rate: d.feeSubsidyRate,
  single_firm_cap: d.singleFirmCap,
  max_term_months: d.maxTermMonths,
  eligible_lists: JSON.stringify(d.eligibleLists),
  tech_tier: d.techTier,
  counter_guarantees: JSON.stringify(d.counterGuarantees),
  counter_guarantee_free_up_to: d.counterGuaranteeFreeUpTo,
  auto_grant_max_amount: d.autoGrantMaxAmount,
});

/** SQL: the guaranteed share (of product `p`) of a principal, rounded half up to the fen as `guaranteedAmount` is. */
export const GUARANTEED_SHARE_OF = (principal: string) => `round(${principal} * p.guaranteed_share_bp / 10000.0, 2)`;

/** SQL for templates, guarantee products, capacity and the tech lists. */
export const guaranteeProductStore = {
  async templates(db: DbOrTrx): Promise<RiskTemplate[]> {
    return ((await db('guarantee_risk_templates').select('*').orderBy('created_at').orderBy('code')) as TemplateRow[]).map(toTemplate);
  },

  async template(db: DbOrTrx, code: string): Promise<RiskTemplate | undefined> {
    const row = (await db('guarantee_risk_templates').where({ code }).first()) as TemplateRow | undefined;
    return row && toTemplate(row);
  },

  /** False when the code is taken. */
  async insertTemplate(db: DbOrTrx, t: RiskTemplate): Promise<boolean> {
    const inserted = await db('guarantee_risk_templates')
      .insert({ code: t.code, name: t.name, parties: JSON.stringify(t.parties), recovery_share_bp: t.recoveryShareBp ? JSON.stringify(t.recoveryShareBp) : null, basis: t.basis, source: t.source })
      .onConflict('code')
      .ignore()
      .returning('code');
    return inserted.length === 1;
  },

  /** `offered`: only products whose guarantee company and bank are both active (not 已停用). */
  async products(db: DbOrTrx, filter: { companyId?: string; loanProductId?: string; offered?: boolean }): Promise<GuaranteeProduct[]> {
    const q = productQuery(db).orderBy('g.created_at').orderBy('g.id');
    if (filter.companyId) q.where('g.company_id', filter.companyId);
    if (filter.offered) q.where('c.status', 'active').where('b.status', 'active');
    if (filter.loanProductId) q.where('g.loan_product_id', filter.loanProductId);
    return ((await q) as ProductRow[]).map(toProduct);
  },

  async product(db: DbOrTrx, id: string): Promise<GuaranteeProduct | undefined> {
    const row = (await productQuery(db).where('g.id', id).first()) as ProductRow | undefined;
    return row && toProduct(row);
  },

  /** Undefined when the loan product already has a guarantee product. */
  async insertProduct(db: DbOrTrx, companyId: string, d: GuaranteeProductDraft): Promise<string | undefined> {
    const [row] = (await db('guarantee_products')
      .insert({
        company_id: companyId,
        loan_product_id: d.loanProductId,
        ...productColumns(d),
      })
      .onConflict('loan_product_id')
      .ignore()
      .returning('id')) as { id: string }[];
    return row?.id;
  },

  /** The product's terms (its loan product stays); false when it is not the company's. */
  /**
   * Holds a product's terms for the rest of the transaction: `update` while they are edited, `share`
   * while a guarantee is opened on them, so an edit and a new guarantee never pass each other.
   */
  async lockProduct(db: DbOrTrx, id: string, mode: 'share' | 'update'): Promise<void> {
    const query = db('guarantee_products').where({ id }).first('id');
    await (mode === 'update' ? query.forUpdate() : query.forShare());
  },

  /** The guarantees that still live on the product's terms: pending, granted, or compensated (recoveries split by them). */
  async liveGuarantees(db: DbOrTrx, productId: string): Promise<number> {
    const row = (await db('guarantees').where({ product_id: productId }).whereIn('status', ['pending', 'granted', 'compensated']).count({ n: '*' }).first()) as { n: string | number };
    return Number(row.n);
  },

  async updateProduct(db: DbOrTrx, companyId: string, id: string, d: GuaranteeProductDraft): Promise<boolean> {
    return (await db('guarantee_products').where({ id, company_id: companyId }).update(productColumns(d))) > 0;
  },

  async batchLimit(db: DbOrTrx, companyId: string): Promise<string | undefined> {
    const row = (await db('guarantee_capacity').where({ company_id: companyId }).first('batch_limit')) as { batch_limit: string } | undefined;
    return row?.batch_limit;
  },

  async setBatchLimit(db: DbOrTrx, companyId: string, batchLimit: string, at: Date): Promise<void> {
    await db('guarantee_capacity').insert({ company_id: companyId, batch_limit: batchLimit, updated_at: at }).onConflict('company_id').merge();
  },

  /**
   * The guaranteed balance in force (granted, not yet released or compensated), for a company or a
   * firm: once the loan is disbursed, the guaranteed share of the outstanding principal; before,
   * the whole guaranteed amount the grant commits.
   */
  async inForce(db: DbOrTrx, by: { companyId?: string; enterpriseId?: string }): Promise<string> {
    const q = db('guarantees as g')
      .join('guarantee_products as p', 'p.id', 'g.product_id')
      .join('loan_applications as a', 'a.id', 'g.application_id')
      .where('g.status', 'granted');
    if (by.companyId) q.where('g.company_id', by.companyId);
    if (by.enterpriseId) q.where('g.enterprise_id', by.enterpriseId);
    const row = (await q.first(
      db.raw(`coalesce(sum(case when a.disbursed_amount > 0 then ${GUARANTEED_SHARE_OF('(a.disbursed_amount - a.repaid_amount)')} else g.guaranteed_amount end), 0)::text as total`),
    )) as { total: string };
    return row.total;
  },
};

export type GuaranteeProductStore = typeof guaranteeProductStore;
