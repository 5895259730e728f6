import type { DbOrTrx } from '../../db/database.js';
import { currentRequestId } from '../request-scope.js';
import type { NewOutboxMessage, OutboxMessage } from './outbox-message.js';

interface Row {
  id: string;
  channel: string;
  target: string;
  topic: string;
  message_key: string;
  payload: Record<string, unknown>;
  status: OutboxMessage['status'];
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  request_id?: string | null;
}

const toMessage = (r: Row): OutboxMessage => ({
  id: r.id,
  channel: r.channel,
  target: r.target,
  topic: r.topic,
  messageKey: r.message_key,
  payload: r.payload,
  status: r.status,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
  requestId: r.request_id ?? null,
});

/** Attempts a replayed message gets (the default budget of a new one). */
export const REPLAY_ATTEMPTS = 10;

const requeued = (db: DbOrTrx, now: Date) => ({
  status: 'pending',
  max_attempts: db.raw('attempts + ?', [REPLAY_ATTEMPTS]),
  next_attempt_at: now,
  lease_until: null,
});

export interface OutboxStore {
  /** Writes the message in the caller's transaction; a repeat of the same `messageKey` is a no-op. */
  enqueue(tx: DbOrTrx, message: NewOutboxMessage): Promise<void>;
  /**
   * Takes up to `limit` due messages for one attempt each: increments `attempts`, leases them until
   * `leaseUntil` and records the attempt, all in one statement with SKIP LOCKED, so two instances
   * never take the same message for the same attempt.
   */
  claimDue(db: DbOrTrx, options: { now: Date; leaseUntil: Date; limit: number; instanceId: string }): Promise<OutboxMessage[]>;
  markDelivered(db: DbOrTrx, message: OutboxMessage, now: Date): Promise<void>;
  markFailed(db: DbOrTrx, message: OutboxMessage, error: string, now: Date, retryAt: Date | null): Promise<void>;
  /** Newest first; messages of `exceptTopics` left out. */
  list(db: DbOrTrx, filter: { status?: OutboxMessage['status']; limit: number; exceptTopics?: readonly string[] }): Promise<OutboxMessage[]>;
  /**
   * Puts a dead message back in the queue with REPLAY_ATTEMPTS more attempts; false if it was
   * not dead (or is of `exceptTopics`). Attempt numbers continue (each attempt keeps its own row
   * in `outbox_attempts`).
   */
  replay(db: DbOrTrx, id: string, now: Date, exceptTopics?: readonly string[]): Promise<boolean>;
  /** `replay` for every dead message to one target of a channel (but those of `exceptTopics`); returns how many. */
  replayDeadFor(db: DbOrTrx, destination: { channel: string; target: string; exceptTopics?: readonly string[] }, now: Date): Promise<number>;
  /** One message of a channel's target by its key; undefined when there is none (or it was purged). */
  findByKey(db: DbOrTrx, destination: { channel: string; target: string }, messageKey: string): Promise<OutboxMessage | undefined>;
  /**
   * When the `n`-th newest message of one topic to a channel's target was written after `since`
   * (undefined: fewer than `n`), for a sliding-window limit counted on the messages themselves.
   */
  nthNewestSince(db: DbOrTrx, destination: { channel: string; target: string; topic: string }, n: number, since: Date): Promise<Date | undefined>;
  /** Deletes up to `limit` messages delivered before `before`, with their attempts; returns how many. */
  purgeDelivered(tx: DbOrTrx, before: Date, limit: number): Promise<number>;
  /** Deletes up to `limit` dead messages of `topics` written before `before`, with their attempts; returns how many. */
  purgeDeadOfTopics(tx: DbOrTrx, topics: readonly string[], before: Date, limit: number): Promise<number>;
}

export const outboxStore: OutboxStore = {
  async enqueue(tx, m) {
    await tx('outbox_messages')
      .insert({
        channel: m.channel,
        target: m.target,
        topic: m.topic,
        message_key: m.messageKey,
        payload: JSON.stringify(m.payload),
        request_id: currentRequestId() ?? null,
        ...(m.maxAttempts ? { max_attempts: m.maxAttempts } : {}),
      })
      .onConflict('message_key')
      .ignore();
  },

  async claimDue(db, { now, leaseUntil, limit, instanceId }) {
    const { rows } = (await db.raw(
      `with due as (
         select id from outbox_messages
          where status = 'pending' and next_attempt_at <= ? and (lease_until is null or lease_until <= ?)
          order by next_attempt_at
          limit ?
          for update skip locked
       ), claimed as (
         update outbox_messages m set attempts = m.attempts + 1, lease_until = ?
           from due where m.id = due.id
         returning m.*
       ), recorded as (
         insert into outbox_attempts (message_id, attempt, instance_id, started_at)
         select id, attempts, ?, ? from claimed
       )
       select * from claimed`,
      [now, now, limit, leaseUntil, instanceId, now],
    )) as { rows: Row[] };
    return rows.map(toMessage);
  },

  // Each outcome is one statement, so a process that dies while recording it leaves the message
  // and its attempt either both finished or both as claimed (the lease then hands it on).
  async markDelivered(db, message, now) {
    await db.raw(
      `with delivered as (
         update outbox_messages set status = 'delivered', delivered_at = ?, lease_until = null, last_error = null
          where id = ? and attempts = ?
       )
       update outbox_attempts set finished_at = ?, outcome = 'delivered' where message_id = ? and attempt = ?`,
      [now, message.id, message.attempts, now, message.id, message.attempts],
    );
  },

  async markFailed(db, message, error, now, retryAt) {
    await db.raw(
      `with failed as (
         update outbox_messages
            set status = case when ?::timestamptz is null then 'dead' else status end,
                next_attempt_at = coalesce(?::timestamptz, next_attempt_at), lease_until = null, last_error = ?
          where id = ? and attempts = ?
       )
       update outbox_attempts set finished_at = ?, outcome = ?, error = ? where message_id = ? and attempt = ?`,
      [retryAt, retryAt, error, message.id, message.attempts, now, retryAt ? 'failed' : 'dead', error, message.id, message.attempts],
    );
  },

  async list(db, { status, limit, exceptTopics = [] }) {
    const query = db('outbox_messages').whereNotIn('topic', exceptTopics).orderBy('created_at', 'desc').limit(limit);
    if (status) query.where({ status });
    return ((await query) as Row[]).map(toMessage);
  },

  async replay(db, id, now, exceptTopics = []) {
    return (await db('outbox_messages').where({ id, status: 'dead' }).whereNotIn('topic', exceptTopics).update(requeued(db, now))) > 0;
  },

  async replayDeadFor(db, { channel, target, exceptTopics = [] }, now) {
    return db('outbox_messages').where({ channel, target, status: 'dead' }).whereNotIn('topic', exceptTopics).update(requeued(db, now));
  },

  async findByKey(db, { channel, target }, messageKey) {
    const row = (await db('outbox_messages').where({ channel, target, message_key: messageKey }).first()) as Row | undefined;
    return row && toMessage(row);
  },

  async nthNewestSince(db, { channel, target, topic }, n, since) {
    const row = (await db('outbox_messages')
      .where({ channel, target, topic })
      .andWhere('created_at', '>', since)
      .orderBy('created_at', 'desc')
      .offset(n - 1)
      .first('created_at')) as { created_at: Date | string } | undefined;
    return row && new Date(row.created_at);
  },

  async purgeDelivered(tx, before, limit) {
    const ids = (await tx('outbox_messages').where({ status: 'delivered' }).where('delivered_at', '<', before).limit(limit).pluck('id')) as string[];
    return deleteWithAttempts(tx, ids);
  },

  async purgeDeadOfTopics(tx, topics, before, limit) {
    if (topics.length === 0) return 0;
    const ids = (await tx('outbox_messages').where({ status: 'dead' }).whereIn('topic', topics).where('created_at', '<', before).limit(limit).pluck('id')) as string[];
    return deleteWithAttempts(tx, ids);
  },
};

async function deleteWithAttempts(tx: DbOrTrx, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  await tx('outbox_attempts').whereIn('message_id', ids).delete();
  return tx('outbox_messages').whereIn('id', ids).delete();
}
