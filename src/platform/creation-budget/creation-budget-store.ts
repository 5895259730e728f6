import { slidingWindowStore, type SlidingWindowStore } from '../sliding-window-store.js';

/** The resources each enterprise created lately (keyed by the enterprise). */
export type CreationBudgetStore = SlidingWindowStore;

export const creationBudgetStore: CreationBudgetStore = slidingWindowStore('enterprise_creations', 'enterprise_id', 'created_at');
