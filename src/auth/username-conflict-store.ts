import { slidingWindowStore, type SlidingWindowStore } from '../platform/sliding-window-store.js';

/** The "already taken" answers each account was given (keyed by the asking account). */
export type UsernameConflictStore = SlidingWindowStore;

export const usernameConflictStore: UsernameConflictStore = slidingWindowStore('username_conflicts', 'asked_by', 'answered_at');
