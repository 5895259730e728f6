import type { DbOrTrx } from '../../db/database.js';
import type { ProductReview } from './loan-product.js';
import type { ProductDecision } from './ports.js';

/** 产品审核记录: kept for the product's life (a product is never deleted). */
export interface ProductReviewStore {
  record(tx: DbOrTrx, productId: string, decision: ProductDecision, decidedBy: string, at: Date): Promise<void>;
  /** Oldest first. */
  listFor(tx: DbOrTrx, productId: string): Promise<ProductReview[]>;
}

interface Row {
  decision: ProductReview['decision'];
  reason: string | null;
  decided_by: string | null;
  display_name: string | null;
  decided_at: Date;
}

export const productReviewStore: ProductReviewStore = {
  async record(tx, productId, decision, decidedBy, at) {
    await tx('loan_product_reviews').insert({
      product_id: productId,
      decision: decision.kind,
      reason: decision.kind === 'returned' ? decision.reason : null,
      decided_by: decidedBy,
      decided_at: at,
    });
  },
  async listFor(tx, productId) {
    const rows = (await tx('loan_product_reviews as r')
      .leftJoin('users as u', 'u.id', 'r.decided_by')
      .where('r.product_id', productId)
      .orderBy([{ column: 'r.decided_at' }, { column: 'r.id' }])
      .select('r.decision', 'r.reason', 'r.decided_by', 'u.display_name', 'r.decided_at')) as Row[];
    return rows.map((r) => ({ decision: r.decision, reason: r.reason, decidedBy: r.decided_by, decidedByName: r.display_name, decidedAt: r.decided_at }));
  },
};
