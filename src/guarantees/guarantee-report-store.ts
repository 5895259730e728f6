import type { DbOrTrx } from '../db/database.js';
import { fromFen, toFen } from '../platform/money.js';
import type { PartyShare } from './compensation-store.js';
import { GUARANTEED_SHARE_OF } from './guarantee-product-store.js';

/** Per product of one company: the facts the monthly report is made of. Instants bound the month (Asia/Shanghai). */
export interface ProductFacts {
  productId: string;
  productName: string;
  newCount: number;
  newAmount: string;
  /** 在保 at the month's end: the guaranteed share of the principal then outstanding. */
  inForceCount: number;
  inForceBalance: string;
  /** Year to date, up to the month's end: what was paid out in 代偿, and the guaranteed amount released by loans paid off. */
  compensated: string;
  released: string;
  /** Year to date: the guaranteed amount of the guarantees ended by a 代偿 (released by it, as 解除 counts them). */
  compensatedGuaranteed: string;
}

const n = (v: unknown) => Number(v ?? 0);
const money = (v: unknown) => fromFen(toFen(String(v ?? '0')));

/** SQL for the monthly guarantee report. */
export const guaranteeReportStore = {
  async productFacts(db: DbOrTrx, companyId: string, bounds: { monthStart: Date; next: Date; yearStart: Date; monthEndDate: string; yearStartDate: string }): Promise<ProductFacts[]> {
    // 在保 at the month's end: granted before it, neither released nor compensated by then, with
    // principal outstanding by the loan's ledger up to that day; the balance is its guaranteed share.
    const rows = (await db.raw(
      `with at_end as (
         select g.product_id, ${GUARANTEED_SHARE_OF('o.outstanding')} as balance
         from guarantees g
         join guarantee_products p on p.id = g.product_id
         cross join lateral (select coalesce(sum(case when l.kind = 'disbursement' then l.amount else -l.amount end), 0) as outstanding
           from loan_ledger_entries l where l.application_id = g.application_id and l.occurred_on <= :monthEndDate) o
         where g.company_id = :companyId and g.status in ('granted','released','compensated') and g.decided_at < :next
           and (g.released_at is null or g.released_at >= :next)
           and not exists (select 1 from guarantee_compensations c where c.guarantee_id = g.id and c.paid_on <= :monthEndDate)
           and o.outstanding > 0
       )
       select p.id as product_id, p.name as product_name,
         (select count(*) from guarantees g where g.product_id = p.id and g.status in ('granted','released','compensated') and g.decided_at >= :monthStart and g.decided_at < :next) as new_count,
         (select coalesce(sum(guaranteed_amount),0)::text from guarantees g where g.product_id = p.id and g.status in ('granted','released','compensated') and g.decided_at >= :monthStart and g.decided_at < :next) as new_amount,
         (select count(*) from at_end where at_end.product_id = p.id) as in_force_count,
         (select coalesce(sum(balance),0)::text from at_end where at_end.product_id = p.id) as in_force_balance,
         (select coalesce(sum(c.compensated_amount),0)::text from guarantee_compensations c join guarantees g on g.id = c.guarantee_id
            where g.product_id = p.id and c.paid_on >= :yearStartDate and c.paid_on <= :monthEndDate) as compensated,
         (select coalesce(sum(g.guaranteed_amount),0)::text from guarantees g
            where g.product_id = p.id and g.status = 'released' and g.released_at >= :yearStart and g.released_at < :next) as released,
         (select coalesce(sum(g.guaranteed_amount),0)::text from guarantee_compensations c join guarantees g on g.id = c.guarantee_id
            where g.product_id = p.id and c.paid_on >= :yearStartDate and c.paid_on <= :monthEndDate) as compensated_guaranteed
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
      compensatedGuaranteed: money(r.compensated_guaranteed),
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
