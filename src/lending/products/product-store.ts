import type { DbOrTrx } from '../../db/database.js';
import type { LoanProduct, ProductDraft, ProductFilter, ProductStatus } from './loan-product.js';

interface Row {
  id: string;
  bank_id: string;
  bank_name: string;
  name: string;
  description: string;
  min_amount: string;
  max_amount: string;
  min_term_months: number;
  max_term_months: number;
  min_rate: string;
  max_rate: string;
  guarantee_type: LoanProduct['guaranteeType'];
  eligibility: LoanProduct['eligibility'];
  region_code: string | null;
  zone_tags: LoanProduct['zoneTags'];
  status: ProductStatus;
  created_at: Date;
  published_at: Date | null;
  return_reason: string | null;
  returned_at: Date | null;
  returned_by: string | null;
  revision: number;
}

const toProduct = (r: Row): LoanProduct => ({
  id: r.id,
  bankId: r.bank_id,
  bankName: r.bank_name,
  name: r.name,
  description: r.description,
  minAmount: r.min_amount,
  maxAmount: r.max_amount,
  minTermMonths: r.min_term_months,
  maxTermMonths: r.max_term_months,
  minRate: r.min_rate,
  maxRate: r.max_rate,
  guaranteeType: r.guarantee_type,
  eligibility: r.eligibility,
  regionCode: r.region_code,
  zoneTags: r.zone_tags,
  status: r.status,
  createdAt: r.created_at,
  publishedAt: r.published_at,
  lastReturn: r.return_reason && r.returned_at && r.returned_by ? { reason: r.return_reason, returnedAt: r.returned_at, returnedBy: r.returned_by } : null,
  revision: Number(r.revision),
});

const columns = (d: ProductDraft) => ({
  name: d.name,
  description: d.description,
  min_amount: d.minAmount,
  max_amount: d.maxAmount,
  min_term_months: d.minTermMonths,
  max_term_months: d.maxTermMonths,
  min_rate: d.minRate,
  max_rate: d.maxRate,
  guarantee_type: d.guaranteeType,
  eligibility: JSON.stringify(d.eligibility),
  region_code: d.regionCode,
  zone_tags: JSON.stringify(d.zoneTags),
});

export interface ProductStore {
  insert(tx: DbOrTrx, bankId: string, draft: ProductDraft): Promise<LoanProduct>;
  /** Replaces the fields of a draft or returned product, making it a draft; false when it is neither or not that bank's. */
  updateDraft(tx: DbOrTrx, id: string, bankId: string, draft: ProductDraft): Promise<boolean>;
  findById(tx: DbOrTrx, id: string): Promise<LoanProduct | undefined>;
  /** `offered`: only products of banks not suspended (已停用), as the catalogue shows them. */
  list(tx: DbOrTrx, filter: ProductFilter & { offered?: boolean }): Promise<LoanProduct[]>;
  setStatus(tx: DbOrTrx, id: string, from: ProductStatus[], to: ProductStatus, at: Date): Promise<boolean>;
  /** Publishes a draft or withdrawn product only while it is still at `revision`. */
  publish(tx: DbOrTrx, id: string, revision: number, at: Date): Promise<boolean>;
}

/** The product with its bank's name and its last return (from 产品审核记录). */
const base = (tx: DbOrTrx) =>
  tx('loan_products as p')
    .join('institutions as i', 'i.id', 'p.bank_id')
    .joinRaw(
      `left join lateral (
         select r.reason as return_reason, r.decided_at as returned_at, r.decided_by as returned_by from loan_product_reviews r
         where r.product_id = p.id and r.decision = 'returned' order by r.decided_at desc, r.id desc limit 1
       ) lr on true`,
    )
    .select('p.*', 'i.name as bank_name', 'lr.*');

export const productStore: ProductStore = {
  async insert(tx, bankId, draft) {
    const [row] = (await tx('loan_products').insert({ bank_id: bankId, ...columns(draft) }).returning('id')) as { id: string }[];
    return (await this.findById(tx, row!.id))!;
  },
  async updateDraft(tx, id, bankId, draft) {
    return (
      (await tx('loan_products')
        .where({ id, bank_id: bankId })
        .whereIn('status', ['draft', 'returned'])
        .update({ ...columns(draft), status: 'draft', revision: tx.raw('revision + 1') })) > 0
    );
  },
  async findById(tx, id) {
    const row = (await base(tx).where('p.id', id).first()) as Row | undefined;
    return row && toProduct(row);
  },
  async list(tx, f) {
    const q = base(tx).orderBy([{ column: 'p.published_at', order: 'desc', nulls: 'last' }, { column: 'p.created_at', order: 'desc' }]);
    if (f.status) q.where('p.status', f.status);
    if (f.offered) q.where('i.status', 'active');
    if (f.bankId) q.where('p.bank_id', f.bankId);
    if (f.guaranteeType) q.where('p.guarantee_type', f.guaranteeType);
    if (f.zoneTag) q.whereRaw('p.zone_tags @> ?::jsonb', [JSON.stringify([f.zoneTag])]);
    if (f.regionCode) q.where((w) => w.whereNull('p.region_code').orWhere('p.region_code', f.regionCode!));
    if (f.amount) q.where('p.min_amount', '<=', f.amount).andWhere('p.max_amount', '>=', f.amount);
    if (f.termMonths) q.where('p.min_term_months', '<=', f.termMonths).andWhere('p.max_term_months', '>=', f.termMonths);
    return ((await q) as Row[]).map(toProduct);
  },
  async setStatus(tx, id, from, to, at) {
    const patch = to === 'published' ? { status: to, published_at: at } : { status: to };
    return (await tx('loan_products').where({ id }).whereIn('status', from).update(patch)) > 0;
  },
  async publish(tx, id, revision, at) {
    return (await tx('loan_products').where({ id, revision }).whereIn('status', ['draft', 'withdrawn']).update({ status: 'published', published_at: at })) > 0;
  },
};
