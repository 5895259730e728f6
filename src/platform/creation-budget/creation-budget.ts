import type { Db } from '../../db/database.js';
import type { Clock } from '../clock.js';
import { assertWithinSlidingWindow } from '../sliding-window-limit.js';
import type { CreationBudgetStore } from './creation-budget-store.js';

export interface CreationBudgetLimit {
  maxPerEnterprise: number;
  windowSeconds: number;
}

/**
 * What one enterprise may create in a window: every request of its accounts that the spec says
 * answers 201 (a credit report rendered and kept, a question, a consent, a file…) counts once it
 * did; past `maxPerEnterprise` the next such request is answered 429 before it runs, until the
 * oldest creation leaves the window (decision 0049). Counted per enterprise, not per account, so
 * adding 企业人员 gives no more. Check and record are two statements: requests arriving together
 * may pass the limit by as many as arrive together; it bounds growth, it is not a quota.
 */
export class CreationBudget {
  constructor(private readonly deps: { db: Db; store: CreationBudgetStore; clock: Clock; limit: CreationBudgetLimit }) {}

  async assertWithin(enterpriseId: string): Promise<void> {
    const { db, store, clock, limit } = this.deps;
    await assertWithinSlidingWindow(
      { max: limit.maxPerEnterprise, windowSeconds: limit.windowSeconds },
      clock.now(),
      (n, since) => store.nthNewestSince(db, enterpriseId, n, since),
      { code: 'ENTERPRISE_CREATIONS_RATE_LIMITED', message: '本企业短时间内新建的内容过多，请稍后再试' },
    );
  }

  async record(enterpriseId: string): Promise<void> {
    await this.deps.store.record(this.deps.db, enterpriseId, this.deps.clock.now());
  }

  /** Creations older than the window no longer count; the scheduler purges them with the login failures. */
  purgeExpired(): Promise<number> {
    const { db, store, clock, limit } = this.deps;
    return store.deleteBefore(db, new Date(clock.now().getTime() - limit.windowSeconds * 1_000));
  }
}
