import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { DeliveryObserver } from '../metrics/platform-metrics.js';
import { runWithRequestId } from '../request-scope.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { PermanentDeliveryError, type Deliverer, type OutboxMessage } from './outbox-message.js';
import type { OutboxStore } from './outbox-store.js';

export interface OutboxRelayOptions {
  db: Db;
  store: OutboxStore;
  /** One deliverer per channel; a message on a channel without one is dead-lettered. */
  deliverers: ReadonlyMap<string, Deliverer>;
  clock: Clock;
  logger: Logger;
  pollMs?: number;
  batchSize?: number;
  /** How long a claimed message stays leased to this instance while it is delivered. */
  leaseMs?: number;
  backoff?: BackoffPolicy;
  instanceId?: string;
  /** Counts each attempt's outcome (the metrics). */
  observer?: DeliveryObserver;
}

/** The longest wait between failing passes: the relay resumes within this after the database is back. */
const FAILING_PASS_WAIT_CAP_MS = 10_000;

/**
 * Delivers outbox messages at least once: claim due messages (one attempt each), deliver them
 * outside any transaction, then record success, a retry time (exponential backoff, full jitter)
 * or the dead-letter state after `maxAttempts`. Safe to run in several instances at once.
 */
export class OutboxRelay {
  readonly instanceId: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = true;

  constructor(private readonly options: OutboxRelayOptions) {
    this.instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const pollMs = this.options.pollMs ?? 500;
    let failedPasses = 0;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runOnce().then(
        (delivered) => {
          failedPasses = 0;
          return delivered;
        },
        (error: unknown) => {
          failedPasses++;
          this.options.logger.warn({ err: error, failedPasses }, 'outbox relay pass failed');
          return 0;
        },
      );
      void this.running.then((delivered) => {
        // Failing passes (the database is away) wait longer each time, so an outage is a few log
        // lines rather than two a second; the first pass after it resets the pace.
        const wait = delivered > 0 ? 0 : failedPasses > 0 ? Math.min(pollMs * 2 ** failedPasses, FAILING_PASS_WAIT_CAP_MS) : pollMs;
        if (!this.stopped) this.timer = setTimeout(tick, wait);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: returns how many messages were attempted. */
  async runOnce(): Promise<number> {
    const { db, store, clock } = this.options;
    const now = clock.now();
    const claimed = await store.claimDue(db, {
      now,
      leaseUntil: new Date(now.getTime() + (this.options.leaseMs ?? 60_000)),
      limit: this.options.batchSize ?? 20,
      instanceId: this.instanceId,
    });
    // A delivery runs in the scope of the request that wrote the message: its log lines name it.
    await Promise.all(claimed.map((message) => (message.requestId ? runWithRequestId(message.requestId, () => this.deliver(message)) : this.deliver(message))));
    return claimed.length;
  }

  private async deliver(message: OutboxMessage): Promise<void> {
    const { db, store, clock, logger, deliverers } = this.options;
    const deliverer = deliverers.get(message.channel);
    try {
      if (!deliverer) throw new PermanentDeliveryError(`no deliverer for channel ${message.channel}`);
      await deliverer(message);
      await store.markDelivered(db, message, clock.now());
      this.options.observer?.attempted(message.channel, message.target, 'delivered');
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof PermanentDeliveryError;
      const exhausted = message.attempts >= message.maxAttempts;
      const retryAt =
        permanent || exhausted
          ? null
          : new Date(clock.now().getTime() + backoffDelayMs(message.attempts, this.options.backoff ?? DEFAULT_BACKOFF));
      await store.markFailed(db, message, text.slice(0, 2_000), clock.now(), retryAt);
      this.options.observer?.attempted(message.channel, message.target, retryAt ? 'failed' : 'dead');
      const log = { messageId: message.id, channel: message.channel, topic: message.topic, attempt: message.attempts, error: text };
      if (retryAt) logger.warn({ ...log, retryAt }, 'outbox delivery failed; will retry');
      else logger.error(log, 'outbox message dead-lettered');
    }
  }
}
