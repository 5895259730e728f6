/**
 * Exponential backoff with full jitter (AWS architecture blog "Exponential Backoff And Jitter"):
 * the wait before attempt n+1 is uniform in [0, min(cap, base·2^(n-1))], so receivers recovering
 * from an outage are not hit by synchronised retries.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 30 * 60_000 };

/**
 * Attempts a message to another system's receiver (a bank's endpoint, an institution's event
 * address) gets before it is dead-lettered: with DEFAULT_BACKOFF's waits about a day, so a
 * receiver's maintenance window or a night's outage loses nothing. The outbox default of 10 gave
 * up after some ten minutes. The bank guide states the span.
 */
export const ABOUT_A_DAY_OF_ATTEMPTS = 110;

export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
