import type { DbOrTrx } from '../../db/database.js';
import type { OutboxDepth } from '../metrics/platform-metrics.js';

/**
 * Pending and dead outbox rows per channel, for the metrics. Both counts use partial indexes
 * (`outbox_messages_due`, `outbox_messages_dead`), so a scrape never scans delivered history.
 * Dead messages of `probeTopics` (a test a receiver asked for, tried once) are the receiver's
 * answer, not work the operator must take up: they are not counted.
 */
export async function outboxDepth(db: DbOrTrx, options: { probeTopics?: readonly string[] } = {}): Promise<OutboxDepth[]> {
  const { rows } = (await db.raw(
    `select channel,
            count(*) filter (where status = 'pending')::int as pending,
            count(*) filter (where status = 'dead' and topic <> all (string_to_array(?::text, ',')))::int as dead,
            coalesce(extract(epoch from now() - min(created_at) filter (where status = 'pending')), 0)::float8 as age
       from outbox_messages
      where status in ('pending', 'dead')
      group by channel
      order by channel`,
    [(options.probeTopics ?? []).join(',')],
  )) as { rows: { channel: string; pending: number; dead: number; age: number }[] };
  return rows.map((r) => ({ channel: r.channel, pending: Number(r.pending), dead: Number(r.dead), oldestPendingSeconds: Number(r.age) }));
}
