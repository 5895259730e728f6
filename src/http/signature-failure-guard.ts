import type { Context, Middleware } from 'koa';
import { DomainError, rateLimited } from '../platform/errors.js';
import { secondsUntilWithin, type SlidingWindowLimit } from '../platform/sliding-window-limit.js';

export interface SignatureFailureLimit {
  /** Refused signatures one client address may send within the window. */
  max: number;
  /**
   * Refused signatures that may claim one sender (one bank's callback path, the registry's) within
   * the window, from every address together; past it only addresses that sender's signatures held
   * from are checked.
   */
  maxPerClaim: number;
  windowSeconds: number;
}

/** Addresses (and claims) remembered at most; past this the memory is emptied, as a restart would. */
const MAX_KEYS = 10_000;
/** Addresses remembered per claim as ones its signatures held from; the least recent is forgotten first. */
const MAX_PROVEN_PER_CLAIM = 64;

/** The newest refusals of each key (an address or a claim), at most the limit's `max` of them. */
class RecentTimes {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly limit: SlidingWindowLimit,
    private readonly now: () => number,
  ) {}

  waitFor(key: string): number {
    const times = this.times.get(key) ?? [];
    return secondsUntilWithin(this.limit, this.now(), times.length < this.limit.max ? undefined : times[times.length - this.limit.max]);
  }

  record(key: string): void {
    const since = this.now() - this.limit.windowSeconds * 1_000;
    const times = [...(this.times.get(key) ?? []).filter((at) => at > since), this.now()].slice(-this.limit.max);
    if (!this.times.has(key) && this.times.size >= MAX_KEYS) this.times.clear();
    this.times.set(key, times);
  }
}

/**
 * Refused signatures, kept in this instance's memory: what the limits protect is this instance's
 * event loop (an SM3withSM2 check in JS costs it about 30 ms), so a count shared through the
 * database would add a write to every refusal and protect nothing more.
 *
 * Two counts: per client address, and per claim (the sender a request claims to be, named by its
 * path: one bank's callbacks, the registry's notices), so forgeries spread over many addresses are
 * bounded too. The claim's limit never holds back an address the claimed sender's signatures held
 * from (`held`): a forger elsewhere cannot keep the real bank's good callbacks from being checked.
 */
export class SignatureFailures {
  private readonly byAddress: RecentTimes;
  private readonly byClaim: RecentTimes;
  /** Per claim, the addresses its signatures held from, least recent first. */
  private readonly proven = new Map<string, Set<string>>();

  constructor(limit: SignatureFailureLimit, now: () => number = Date.now) {
    this.byAddress = new RecentTimes({ max: limit.max, windowSeconds: limit.windowSeconds }, now);
    this.byClaim = new RecentTimes({ max: limit.maxPerClaim, windowSeconds: limit.windowSeconds }, now);
  }

  /** Seconds until a request from `address` claiming `claim` may be checked (at least one); 0 when it may now. */
  waitFor(address: string, claim: string): number {
    const own = this.byAddress.waitFor(address);
    if (own > 0 || this.proven.get(claim)?.has(address)) return own;
    return this.byClaim.waitFor(claim);
  }

  record(address: string, claim: string): void {
    this.byAddress.record(address);
    this.byClaim.record(claim);
  }

  /** The claimed sender's signature held from `address`. */
  held(address: string, claim: string): void {
    const addresses = this.proven.get(claim) ?? new Set<string>();
    addresses.delete(address);
    addresses.add(address);
    if (addresses.size > MAX_PROVEN_PER_CLAIM) addresses.delete(addresses.values().next().value!);
    if (!this.proven.has(claim) && this.proven.size >= MAX_KEYS) this.proven.clear();
    this.proven.set(claim, addresses);
  }
}

/**
 * A route behind `signatureFailureGuard` whose answer is not 2xx although the signature held (a
 * bank's signed report of an unknown application) says so here, so its sender's address counts as
 * proven for the claim.
 */
export function signatureHeld(ctx: Context): void {
  ctx.state.signatureHeld = true;
}

/**
 * For the routes that must check a signature before they know who sent the request (banks'
 * callbacks, the registry's notices; anyone may post to them). The request's path names whom it
 * claims to come from. An address whose signatures were refused `max` times within the window, or
 * any address its claim's signatures never held from once that claim was refused `maxPerClaim`
 * times, is answered 429 `SIGNATURE_FAILURES_RATE_LIMITED` with `Retry-After`, before its body is
 * read or checked. Every answer 401 of such a route (a signature or its time window refused)
 * counts as a refusal; every 2xx (or `signatureHeld`) proves the address for its claim.
 */
export function signatureFailureGuard(failures: SignatureFailures): Middleware {
  return async (ctx, next) => {
    const address = ctx.ip;
    const claim = ctx.path.endsWith('/') ? ctx.path.slice(0, -1) : ctx.path;
    const wait = failures.waitFor(address, claim);
    if (wait > 0) throw rateLimited('SIGNATURE_FAILURES_RATE_LIMITED', '签名校验失败次数过多，请稍后再试', wait);
    try {
      await next();
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'unauthenticated') failures.record(address, claim);
      throw error;
    }
    if (ctx.status === 401) failures.record(address, claim);
    else if ((ctx.status >= 200 && ctx.status < 300) || ctx.state.signatureHeld === true) failures.held(address, claim);
  };
}
