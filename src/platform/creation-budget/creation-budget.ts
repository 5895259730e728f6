import type { Db } from '../../db/database.js';
import type { Clock } from '../clock.js';
import { assertWithinSlidingWindow, type SlidingWindowLimit } from '../sliding-window-limit.js';
import type { CreationBudgetStore } from './creation-budget-store.js';

/** How a budget refuses: the problem's code and the sentence the caller reads. */
export interface CreationRefusal {
  code: string;
  message: string;
}

export const ENTERPRISE_CREATIONS_REFUSAL: CreationRefusal = { code: 'ENTERPRISE_CREATIONS_RATE_LIMITED', message: '本企业短时间内新建的内容过多，请稍后再试' };
export const INSTITUTION_CREATIONS_REFUSAL: CreationRefusal = { code: 'INSTITUTION_CREATIONS_RATE_LIMITED', message: '本机构短时间内新建的内容过多，请稍后再试' };

/**
 * What one creator (an enterprise, or a lending institution) may create in a window: every request
 * of its accounts and machine clients that the spec says answers 201 (a credit report rendered and
 * kept, a question, a product, a model trained…) counts once it did; past `max` the next such
 * request is answered 429 before it runs, until the oldest creation leaves the window (decisions
 * 0049, 0057). Counted per creator, not per account, so more accounts or clients give no more.
 * Check and record are two statements: requests arriving together may pass the limit by as many as
 * arrive together; it bounds growth, it is not a quota.
 */
export class CreationBudget {
  constructor(private readonly deps: { db: Db; store: CreationBudgetStore; clock: Clock; limit: SlidingWindowLimit; refusal: CreationRefusal }) {}

  async assertWithin(creatorId: string): Promise<void> {
    const { db, store, clock, limit, refusal } = this.deps;
    await assertWithinSlidingWindow(limit, clock.now(), (n, since) => store.nthNewestSince(db, creatorId, n, since), refusal);
  }

  async record(creatorId: string): Promise<void> {
    await this.deps.store.record(this.deps.db, creatorId, this.deps.clock.now());
  }

  /** Creations older than the window no longer count; the scheduler purges them with the login failures. */
  purgeExpired(): Promise<number> {
    const { db, store, clock, limit } = this.deps;
    return store.deleteBefore(db, new Date(clock.now().getTime() - limit.windowSeconds * 1_000));
  }
}
