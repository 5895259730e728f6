import { SeededRandom } from '../src/platform/seeded-random.js';

/**
 * The city's expected working day and its peak hour, from stated assumptions, and the open-loop
 * arrival schedule of the bench (Poisson arrivals per kind at 10x that peak).
 *
 * Assumptions (figures from the project's domain notes: oversight metrics, wave 2 §5.1; targets
 * and loan sizes, 信易贷 notes §2.4–2.5; docs/operations.md repeats them):
 * - 1,000,000 market entities; ~10 % registered = 100,000 enterprises (the oversight target is
 *   registration > 20 % of existing entities and authorisation > 10 %, wave 2 §5.1: a young
 *   platform sits at the lower figure).
 * - Applications: 常州 targets 16万 real-name SMEs and a platform 普惠 balance > 550亿 (wave 2
 *   §5.1); at 江苏's 户均 298.66万 (信易贷 §2.5) that is ~18,400 loans, 11.5 % of the registered
 *   firms; with ~1-year terms and a 获得率 of ~90 % (江苏 > 90 %) that is ~12.8 % of registered
 *   firms applying each year: 12,800 a year, ~1,070 a month, ~51 per working day (250 a year).
 * - Callbacks: 5 per application (accepted, under review, approved, contracted, disbursed).
 * - Authorisations: every registered firm renews one grant a year: 100,000 / 250 = 400 a day.
 * - 20 banks × 25 loan officers = 500 officers, 2 logins and ~40 page views (white list,
 *   applications) each a day; 3 % of registered firms active on a day (3,000), 1 login and ~10
 *   pages each; the financial office's 20 users ~30 oversight views each.
 * - Profile pulls by the banks' systems: one per application, monthly post-loan monitoring of
 *   ~12,800 loans (~610 a working day), and ~4 reads per officer a day after white-list visits
 *   (2,000): ~2,700 a day.
 * - 8 working hours (09:00–17:00 Asia/Shanghai); the peak hour carries twice the mean hour, i.e.
 *   a quarter of the day. Batch work: one ingest batch per category and one white-list run.
 */
export const DAY = {
  login: 4_000,
  sme_page: 30_000,
  officer_page: 20_000,
  oversight: 600,
  authorisation: 400,
  profile_pull: 2_700,
  application: 51,
} as const;
export type InteractiveKind = keyof typeof DAY;
export type Kind = InteractiveKind | 'callback' | 'ingest' | 'whitelist_run';
export const KINDS: readonly Kind[] = [...(Object.keys(DAY) as InteractiveKind[]), 'callback', 'ingest', 'whitelist_run'];
export const CALLBACKS_PER_APPLICATION = 5;
export const PEAK_HOUR_SHARE = 0.25;
export const LOAD_FACTOR = 10;

/** Requests per second of each kind at `factor` times the expected peak hour. */
export function peakRates(factor = LOAD_FACTOR): Record<InteractiveKind, number> {
  return Object.fromEntries(Object.entries(DAY).map(([k, perDay]) => [k, (perDay * PEAK_HOUR_SHARE * factor) / 3_600])) as Record<InteractiveKind, number>;
}

export interface Arrival {
  /** ms after the phase's start when the request is due (latency counts from here). */
  at: number;
  kind: Kind;
  /** The arrival's number within its kind (picks users, banks, enterprises). */
  n: number;
}

/**
 * Poisson arrivals per kind over `seconds` (conditioned on their expected count), plus the batch work: the ingest batches spread evenly
 * over the phase and one white-list run a tenth in. Seeded: both phases get the same schedule.
 */
export function schedule(seconds: number, ingestBatches: number, seed = 21): Arrival[] {
  const random = new SeededRandom(seed);
  const arrivals: Arrival[] = [];
  // A Poisson process given its expected count: round(rate × seconds) arrivals at independent
  // uniform times. Unconditioned, the rare kinds (4 applications in 2 minutes) could draw none.
  for (const [kind, rate] of Object.entries(peakRates()) as [InteractiveKind, number][]) {
    const times = Array.from({ length: Math.round(rate * seconds) }, () => random.next() * seconds * 1_000).sort((a, b) => a - b);
    times.forEach((at, n) => arrivals.push({ at, kind, n }));
  }
  for (let n = 0; n < ingestBatches; n++) arrivals.push({ at: ((n + 0.5) * seconds * 1_000) / ingestBatches, kind: 'ingest', n });
  arrivals.push({ at: seconds * 100, kind: 'whitelist_run', n: 0 });
  return arrivals.sort((a, b) => a.at - b.at);
}

export interface KindStats {
  sent: number;
  ok: number;
  errors: number;
  timeouts: number;
  latencies: number[];
  /** A few distinct unexpected answers, for the reader. */
  samples: string[];
}

export const emptyStats = (): KindStats => ({ sent: 0, ok: 0, errors: 0, timeouts: 0, latencies: [], samples: [] });

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * p) - 1)]!;
}
