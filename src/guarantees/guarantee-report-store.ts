import type { DbOrTrx } from '../db/database.js';
import type { PartyShare } from './compensation-store.js';

/** Per product of one company: the facts the monthly report is made of. Instants bound the month (Asia/Shanghai). */
export interface ProductFacts {
  productId: string;
  productName: string;
  newCount: number;
  newAmount: string;
  inForceCount: number;
  inForceBalance: string;
  /** Year to date, up to the month's end. */
  compensated: string;
  released: string;
}

const n = (v: unknown) => Number(v ?? 0);
const money = (v: unknown) => String(v ?? '0');

/** SQL for the monthly guarantee report. */
export const guaranteeReportStore = {
  async productFacts(db: DbOrTrx, companyId: string, bounds: { monthStart: Date; next: Date; yearStart: Date; monthEndDate: string; yearStartDate: string }): Promise<ProductFacts[]> {
    const rows = (await db.raw(
      `select p.id as product_id, p.name as product_name,
         (select count(*) from guarantees g where g.product_id = p.id and g.status in ('granted','released','compensated') and g.decided_at >= :monthStart and g.decided_at < :next) as new_count,
         (select coalesce(sum(guaranteed_amount),0)::text from guarantees g where g.product_id = p.id and g.status in ('granted','released','compensated') and g.decided_at >= :monthStart and g.decided_at < :next) as new_amount,
         (select count(*) from guarantees g where g.product_id = p.id and g.status = 'granted' and g.decided_at < :next) as in_force_count,
         (select coalesce(sum(guaranteed_amount),0)::text from guarantees g where g.product_id = p.id and g.status = 'granted' and g.decided_at < :next) as in_force_balance,
         (select coalesce(sum(c.compensated_amount),0)::text from guarantee_compensations c join guarantees g on g.id = c.guarantee_id
            where g.product_id = p.id and c.paid_on >= :yearStartDate and c.paid_on <= :monthEndDate) as compensated,
         (select coalesce(sum(g.guaranteed_amount),0)::text from guarantees g
            where g.product_id = p.id and g.status = 'granted' and exists (select 1 from loan_application_events e
              where e.application_id = g.application_id and e.to_status = 'CLOSED' and e.occurred_at >= :yearStart and e.occurred_at < :next)) as released
       from guarantee_products p where p.company_id = :companyId order by p.created_at, p.id`,
      { ...bounds, companyId },
    )) as { rows: Record<string, unknown>[] };
    return rows.rows.map((r) => ({
      productId: String(r.product_id),
      productName: String(r.product_name),
      newCount: n(r.new_count),
      newAmount: money(r.new_amount),
      inForceCount: n(r.in_force_count),
      inForceBalance: money(r.in_force_balance),
      compensated: money(r.compensated),
      released: money(r.released),
    }));
  },

  async companyName(db: DbOrTrx, companyId: string): Promise<string> {
    return ((await db('institutions').where({ id: companyId }).first('name')) as { name: string } | undefined)?.name ?? '';
  },

  /** Every compensation of the company paid in [yearStartDate, monthEndDate], with its party shares. */
  async compensationShares(db: DbOrTrx, companyId: string, yearStartDate: string, monthEndDate: string): Promise<PartyShare[][]> {
    const rows = (await db('guarantee_compensations as c')
      .join('guarantees as g', 'g.id', 'c.guarantee_id')
      .where('g.company_id', companyId)
      .where('c.paid_on', '>=', yearStartDate)
      .where('c.paid_on', '<=', monthEndDate)
      .select('c.shares')) as { shares: PartyShare[] }[];
    return rows.map((r) => r.shares);
  },
};

export type GuaranteeReportStore = typeof guaranteeReportStore;
