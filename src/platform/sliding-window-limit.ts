import { rateLimited } from './errors.js';

/**
 * A limit of `max` events per sliding window, kept as rows with their times: the limit is reached
 * while the `max`-th newest event lies within the window, and lifts when that event leaves it.
 * `nthNewestSince` reads that event (undefined: fewer than `max` since `since`); past the limit
 * this throws 429 with the seconds until it lifts (at least one) as `Retry-After`.
 */
export async function assertWithinSlidingWindow(
  limit: { max: number; windowSeconds: number },
  now: Date,
  nthNewestSince: (n: number, since: Date) => Promise<Date | undefined>,
  refusal: { code: string; message: string },
): Promise<void> {
  const windowMs = limit.windowSeconds * 1_000;
  const nth = await nthNewestSince(limit.max, new Date(now.getTime() - windowMs));
  if (nth) throw rateLimited(refusal.code, refusal.message, Math.max(1, Math.ceil((nth.getTime() + windowMs - now.getTime()) / 1_000)));
}
