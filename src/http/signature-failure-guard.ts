import type { Middleware } from 'koa';
import { DomainError, rateLimited } from '../platform/errors.js';

export interface SignatureFailureLimit {
  max: number;
  windowSeconds: number;
}

/** Addresses remembered at most; past this the memory is emptied (as a restart would). */
const MAX_ADDRESSES = 10_000;

/**
 * Refused signatures per client address, kept in this instance's memory: what the limit protects
 * is this instance's event loop (an SM3withSM2 check in JS costs it about 30 ms), so a count shared
 * through the database would add a write to every refusal and protect nothing more.
 */
export class SignatureFailures {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: SignatureFailureLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `address` may be checked again (at least one); 0 when it may now. */
  waitFor(address: string): number {
    const times = this.recent(address);
    if (times.length < this.limit.max) return 0;
    const lifting = times[times.length - this.limit.max]! + this.limit.windowSeconds * 1_000;
    return Math.max(1, Math.ceil((lifting - this.now()) / 1_000));
  }

  record(address: string): void {
    const times = [...this.recent(address), this.now()].slice(-this.limit.max);
    if (!this.failures.has(address) && this.failures.size >= MAX_ADDRESSES) this.failures.clear();
    this.failures.set(address, times);
  }

  private recent(address: string): number[] {
    const since = this.now() - this.limit.windowSeconds * 1_000;
    return (this.failures.get(address) ?? []).filter((at) => at > since);
  }
}

/**
 * For the routes that must check a signature before they know who sent the request (banks'
 * callbacks, the registry's notices; anyone may post to them): an address whose signatures were
 * refused `max` times within the window is answered 429 `SIGNATURE_FAILURES_RATE_LIMITED` with
 * `Retry-After`, before its body is read or checked. Every answer 401 of such a route (a signature
 * or its time window refused) counts as a refusal; a sender whose signatures hold is never slowed.
 */
export function signatureFailureGuard(failures: SignatureFailures): Middleware {
  return async (ctx, next) => {
    const address = ctx.ip;
    const wait = failures.waitFor(address);
    if (wait > 0) throw rateLimited('SIGNATURE_FAILURES_RATE_LIMITED', '签名校验失败次数过多，请稍后再试', wait);
    try {
      await next();
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'unauthenticated') failures.record(address);
      throw error;
    }
    if (ctx.status === 401) failures.record(address);
  };
}
