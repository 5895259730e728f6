import { rateLimited } from './errors.js';

export interface SlidingWindowLimit {
  max: number;
  windowSeconds: number;
}

/**
 * The rule of every limit of `max` events per sliding window: the limit is reached while the
 * `max`-th newest event lies within the window, and lifts when that event leaves it. `nthNewestAt`
 * is that event's time (ms; undefined: fewer than `max` within the window). Answers the seconds
 * until the limit lifts, at least one, or 0 when the next event is within it. The limits counted in
 * the database (`assertWithinSlidingWindow`) and those counted in an instance's memory
 * (`SignatureFailures`) both decide through it.
 */
export function secondsUntilWithin(limit: SlidingWindowLimit, nowMs: number, nthNewestAt: number | undefined): number {
  if (nthNewestAt === undefined || nthNewestAt <= nowMs - limit.windowSeconds * 1_000) return 0;
  return Math.max(1, Math.ceil((nthNewestAt + limit.windowSeconds * 1_000 - nowMs) / 1_000));
}

/**
 * A limit kept as rows with their times (`secondsUntilWithin`): `nthNewestSince` reads the
 * `max`-th newest event after `since` (undefined: fewer than `max`); past the limit this throws
 * 429 with the seconds until it lifts as `Retry-After`.
 */
export async function assertWithinSlidingWindow(
  limit: SlidingWindowLimit,
  now: Date,
  nthNewestSince: (n: number, since: Date) => Promise<Date | undefined>,
  refusal: { code: string; message: string },
): Promise<void> {
  const nth = await nthNewestSince(limit.max, new Date(now.getTime() - limit.windowSeconds * 1_000));
  const wait = secondsUntilWithin(limit, now.getTime(), nth?.getTime());
  if (wait > 0) throw rateLimited(refusal.code, refusal.message, wait);
}
