import type { DbOrTrx } from '../../db/database.js';
import type { ProfileIndicators } from './eligibility.js';
import type { LoanProduct } from './loan-product.js';

/** What lending needs from credit profiles (issue #6): an enterprise's indicators by name. */
export interface ProfileIndicatorPort {
  indicatorsFor(tx: DbOrTrx, enterpriseId: string): Promise<ProfileIndicators>;
}

/** The admin's decisions on a product that its bank is told of (站内消息). */
export type ProductDecision = { kind: 'published' } | { kind: 'returned'; reason: string } | { kind: 'withdrawn' };

/** Told in the decision's own transaction, so a decision and its notice land together. */
export interface ProductDecisionObserver {
  onDecision(tx: DbOrTrx, product: LoanProduct, decision: ProductDecision, at: Date): Promise<void>;
}
