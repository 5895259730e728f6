import type { DbOrTrx } from '../../db/database.js';

export interface CategoryTotals {
  category: string;
  batches: number;
  rowsAccepted: number;
  rowsRejected: number;
}

/** Rows accepted and rejected per category over every batch (the operations metrics read it). */
export async function ingestionTotals(db: DbOrTrx): Promise<CategoryTotals[]> {
  const rows = (await db('ingestion_batches')
    .select('category')
    .count({ batches: '*' })
    .sum({ accepted: 'rows_accepted', rejected: 'rows_rejected' })
    .groupBy('category')
    .orderBy('category')) as unknown as { category: string; batches: number | string; accepted: number | string | null; rejected: number | string | null }[];
  return rows.map((r) => ({ category: r.category, batches: Number(r.batches), rowsAccepted: Number(r.accepted ?? 0), rowsRejected: Number(r.rejected ?? 0) }));
}
