import type { Db, DbOrTrx } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import { notFound } from '../platform/errors.js';
import type { OutboxMessage } from '../platform/outbox/outbox-message.js';
import type { OutboxStore } from '../platform/outbox/outbox-store.js';
import { shanghaiMonth } from '../platform/partitions/month-range.js';

const PURGE_BATCH = 5_000;

/**
 * Operator view of the outbox: the dead-letter list and replay; retention of delivered messages.
 * Tests a receiver asked for (probe topics, e.g. a bank's 发送测试事件) are the receiver's answer,
 * read by whoever asked: they are neither listed nor replayed here, as they are not counted in the
 * dead-message gauge. A bank's failed test beside real dead letters sent the operator after a
 * fault that was the bank's to fix, and a replay of it retried what was meant to be tried once.
 */
export class OutboxAdminService {
  constructor(
    private readonly db: Db,
    private readonly store: OutboxStore,
    private readonly clock: Clock,
    /** Months a delivered message (and its attempts) is kept after the current one (docs/decisions/0016). */
    private readonly deliveredRetentionMonths: number,
    /** Topics of tests a receiver asks for (tried once): kept dead only as long as delivered messages are. */
    private readonly probeTopics: readonly string[] = [],
  ) {}

  /**
   * Deletes messages delivered before the first day of (this month − retention), in batches, and
   * the failed tests (probe topics) written before it. Other pending and dead messages are never
   * purged: they are work or the operator's to decide.
   */
  async purgeDelivered(): Promise<number> {
    const before = shanghaiMonth(this.clock.now(), -this.deliveredRetentionMonths).from;
    let total = 0;
    for (const purge of [
      (tx: DbOrTrx) => this.store.purgeDelivered(tx, before, PURGE_BATCH),
      (tx: DbOrTrx) => this.store.purgeDeadOfTopics(tx, this.probeTopics, before, PURGE_BATCH),
    ]) {
      for (;;) {
        const purged = await this.db.transaction(purge);
        total += purged;
        if (purged < PURGE_BATCH) break;
      }
    }
    return total;
  }

  list(status: OutboxMessage['status'] | undefined, limit: number): Promise<OutboxMessage[]> {
    return this.store.list(this.db, { status, limit, exceptTopics: this.probeTopics });
  }

  async replay(id: string): Promise<void> {
    if (!(await this.store.replay(this.db, id, this.clock.now(), this.probeTopics))) {
      throw notFound('OUTBOX_MESSAGE_NOT_DEAD', '没有这条死信消息（可能已重投或已送达）');
    }
  }
}
