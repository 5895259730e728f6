import type { Db } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import { notFound } from '../platform/errors.js';
import type { OutboxMessage } from '../platform/outbox/outbox-message.js';
import type { OutboxStore } from '../platform/outbox/outbox-store.js';

/** Operator view of the outbox: the dead-letter list and replay. */
export class OutboxAdminService {
  constructor(
    private readonly db: Db,
    private readonly store: OutboxStore,
    private readonly clock: Clock,
  ) {}

  list(status: OutboxMessage['status'] | undefined, limit: number): Promise<OutboxMessage[]> {
    return this.store.list(this.db, { status, limit });
  }

  async replay(id: string): Promise<void> {
    if (!(await this.store.replay(this.db, id, this.clock.now()))) {
      throw notFound('OUTBOX_MESSAGE_NOT_DEAD', '没有这条死信消息（可能已重投或已送达）');
    }
  }
}
