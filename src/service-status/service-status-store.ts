import type { DbOrTrx } from '../db/database.js';

/** The facts the public home page is computed from (read-only counts over several features' tables). */
export interface ServiceFacts {
  marketEntities: number;
  activeLenders: number;
  /** Active banks that are 已对接 (computed by the bank connections, not stored). */
  connectedBanks: number;
  activeGuarantors: number;
  activeFinancialOffices: number;
  publishedProducts: number;
  lastBatchCompletedAt: Date | null;
}

export interface ServiceStatusStore {
  facts(db: DbOrTrx): Promise<Omit<ServiceFacts, 'connectedBanks'>>;
}

const n = (value: unknown) => Number(value ?? 0);

export const serviceStatusStore: ServiceStatusStore = {
  async facts(db) {
    const row = (await db
      .select(
        db.raw('(select count(*) from market_entities) as market_entities'),
        db.raw(`(select count(*) from institutions where status = 'active' and type in ('bank', 'guarantee_company')) as active_lenders`),
        db.raw(`(select count(*) from institutions where status = 'active' and type = 'guarantee_company') as active_guarantors`),
        db.raw(`(select count(*) from institutions where status = 'active' and type = 'financial_office') as active_offices`),
        db.raw(`(select count(*) from loan_products where status = 'published') as published_products`),
        db.raw(`(select max(completed_at) from ingestion_batches where status = 'completed') as last_batch`),
      )
      .first()) as Record<string, unknown>;
    return {
      marketEntities: n(row.market_entities),
      activeLenders: n(row.active_lenders),
      activeGuarantors: n(row.active_guarantors),
      activeFinancialOffices: n(row.active_offices),
      publishedProducts: n(row.published_products),
      lastBatchCompletedAt: row.last_batch ? new Date(row.last_batch as string) : null,
    };
  },
};
