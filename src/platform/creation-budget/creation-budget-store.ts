import { slidingWindowStore, type SlidingWindowStore } from '../sliding-window-store.js';

/** The resources each creator created lately (keyed by the creator). */
export type CreationBudgetStore = SlidingWindowStore;

/** Keyed by the enterprise (decision 0049). */
export const creationBudgetStore: CreationBudgetStore = slidingWindowStore('enterprise_creations', 'enterprise_id', 'created_at');
/** Keyed by the lending institution: its people and machine clients together (decision 0057). */
export const institutionCreationBudgetStore: CreationBudgetStore = slidingWindowStore('institution_creations', 'institution_id', 'created_at');
