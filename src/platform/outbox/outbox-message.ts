/** A message waiting in (or delivered from) the transactional outbox. */
export interface OutboxMessage {
  id: string;
  /** Which deliverer sends it, e.g. `institution_webhook`, `bank_adapter`, `national_feed`. */
  channel: string;
  /** The receiver within the channel, e.g. an institution id. */
  target: string;
  /** Event type, e.g. `consent.revoked`. */
  topic: string;
  /** Stable id of the message: receivers dedupe on it; outbound requests use it as idempotency key. */
  messageKey: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'dead';
  /** Attempts started so far (the current attempt's number while it is being delivered). */
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  /** X-Request-Id of the request that wrote it (null: written by a job or before ids were kept). */
  requestId?: string | null;
}

export interface NewOutboxMessage {
  channel: string;
  target: string;
  topic: string;
  messageKey: string;
  payload: Record<string, unknown>;
  maxAttempts?: number;
}

/** Sends one message. Throw to retry later; throw `PermanentDeliveryError` to dead-letter at once. */
export type Deliverer = (message: OutboxMessage) => Promise<void>;

export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
