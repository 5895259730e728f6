import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolStats } from '../../db/database.js';
import type { PartitionState } from '../partitions/partition-maintenance.js';

/** Outbox rows not yet delivered, per channel (`bank_adapter`, `institution_webhook`, …). */
export interface OutboxDepth {
  channel: string;
  pending: number;
  dead: number;
  /** Age in seconds of the oldest pending row (0 when none). */
  oldestPendingSeconds: number;
}

/** Rows delivered by data-source departments, per category, over all batches. */
export interface IngestionTotals {
  category: string;
  batches: number;
  rowsAccepted: number;
  rowsRejected: number;
}

/** Profiles waiting for a drain: marked stale and not rebuilt yet. */
export interface ProfileBacklog {
  stale: number;
  /** Age in seconds of the oldest mark a drain will take (0 when none). */
  oldestMarkSeconds: number;
  /** Of `stale`, those set aside because their assembly failed on their own data. */
  failed: number;
}

/**
 * What only the database knows, read at scrape time. Outbox depth and ingestion totals are
 * shared by every instance, so each instance reports the same value (aggregate with max, not sum).
 */
export interface MetricsProbes {
  pool(): PoolStats;
  outbox(): Promise<readonly OutboxDepth[]>;
  ingestion(): Promise<readonly IngestionTotals[]>;
  partitions(): Promise<readonly PartitionState[]>;
  profiles(): Promise<ProfileBacklog>;
}

/** Seen by the outbox relay: one call per finished delivery attempt. */
export interface DeliveryObserver {
  attempted(channel: string, target: string, outcome: 'delivered' | 'failed' | 'dead'): void;
}

/** Seen by the scheduler: one call per job run this instance made. */
export interface JobObserver {
  ran(jobId: string, outcome: 'ran' | 'failed', seconds: number): void;
}

/** Seen by the profile drain: one call per set of profiles claimed and rebuilt by this instance. */
export interface ProfileRebuildObserver {
  rebuiltSet(profiles: number, seconds: number): void;
}

/** Seen by the HTTP layer: one call per answered request, by route template (never the raw path). */
export interface RequestObserver {
  answered(method: string, route: string, status: number, seconds: number): void;
}

/**
 * The Prometheus metrics of one instance (`/metrics`). Counters and histograms count what this
 * instance did (sum them across instances); gauges read from the database at scrape time describe
 * the shared state.
 */
export class PlatformMetrics implements DeliveryObserver, JobObserver, ProfileRebuildObserver, RequestObserver {
  readonly registry = new Registry();
  private readonly requests: Histogram<'method' | 'route' | 'status'>;
  private readonly deliveries: Counter<'channel' | 'target' | 'outcome'>;
  private readonly jobs: Histogram<'job' | 'outcome'>;
  private readonly profilesRebuilt: Counter;
  private readonly profileSets: Histogram;
  private probes: MetricsProbes | undefined;
  /** Database reads of the scrape in progress, shared by the gauges they feed; cleared per scrape. */
  private readonly scrapeReads = new Map<string, Promise<readonly unknown[]>>();

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'xyd_' });
    this.requests = new Histogram({
      name: 'xyd_http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status, with their duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.deliveries = new Counter({
      name: 'xyd_outbox_delivery_attempts_total',
      help: 'Outbox delivery attempts by channel, target (the bank code for bank_adapter) and outcome',
      labelNames: ['channel', 'target', 'outcome'],
      registers,
    });
    this.jobs = new Histogram({
      name: 'xyd_job_run_duration_seconds',
      help: 'Scheduled job runs made by this instance, by job and outcome, with their duration',
      labelNames: ['job', 'outcome'],
      buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 1800, 7200],
      registers,
    });
    this.profilesRebuilt = new Counter({
      name: 'xyd_profiles_rebuilt_total',
      help: 'Credit profiles rebuilt by this instance’s drains (a rebuild with unchanged inputs writes no version but counts)',
      registers,
    });
    this.profileSets = new Histogram({
      name: 'xyd_profile_rebuild_set_duration_seconds',
      help: 'Sets of profiles claimed and rebuilt by this instance’s drains, with the duration of each set’s transaction',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    const probe = () => this.probes;
    for (const [name, help, pick] of [
      ['xyd_db_pool_connections_used', 'Database connections in use by this instance', (s: PoolStats) => s.used],
      ['xyd_db_pool_connections_free', 'Idle database connections of this instance', (s: PoolStats) => s.free],
      ['xyd_db_pool_pending_acquires', 'Queries waiting for a database connection (saturation)', (s: PoolStats) => s.pending],
      ['xyd_db_pool_connections_max', 'Largest size of this instance’s database pool', (s: PoolStats) => s.max],
    ] as const) {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const p = probe();
          if (p) this.set(pick(p.pool()));
        },
      });
    }
    // One database read per scrape feeds several gauges: each gauge's collect awaits the same read.
    const perScrape = <T>(key: string, read: () => Promise<readonly T[]>) => () => {
      if (!this.scrapeReads.has(key)) this.scrapeReads.set(key, read());
      return this.scrapeReads.get(key) as Promise<readonly T[]>;
    };
    const outbox = perScrape('outbox', async () => (await probe()?.outbox()) ?? []);
    const ingestion = perScrape('ingestion', async () => (await probe()?.ingestion()) ?? []);
    const partitions = perScrape('partitions', async () => (await probe()?.partitions()) ?? []);
    const profiles = perScrape('profiles', async () => {
      const p = probe();
      return p ? [await p.profiles()] : [];
    });
    const fromDatabase = <T>(name: string, help: string, labelNames: string[], read: () => Promise<readonly T[]>, values: (row: T) => [Record<string, string>, number][]) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          const rows = await read();
          this.reset();
          for (const row of rows) for (const [labels, value] of values(row)) this.set(labels, value);
        },
      });
    fromDatabase('xyd_outbox_pending_messages', 'Outbox messages waiting for delivery, by channel', ['channel'], outbox, (d) => [[{ channel: d.channel }, d.pending]]);
    fromDatabase('xyd_outbox_dead_messages', 'Dead-lettered outbox messages, by channel', ['channel'], outbox, (d) => [[{ channel: d.channel }, d.dead]]);
    fromDatabase('xyd_outbox_oldest_pending_age_seconds', 'Age of the oldest pending outbox message, by channel', ['channel'], outbox, (d) => [[{ channel: d.channel }, d.oldestPendingSeconds]]);
    fromDatabase('xyd_ingestion_batches', 'Ingestion batches received, by category', ['category'], ingestion, (t) => [[{ category: t.category }, t.batches]]);
    fromDatabase('xyd_ingestion_rows', 'Rows delivered by data-source departments, by category and outcome (accepted, rejected)', ['category', 'outcome'], ingestion, (t) => [
      [{ category: t.category, outcome: 'accepted' }, t.rowsAccepted],
      [{ category: t.category, outcome: 'rejected' }, t.rowsRejected],
    ]);
    fromDatabase('xyd_profiles_stale', 'Credit profiles marked stale and not rebuilt yet (the drains’ backlog)', [], profiles, (b) => [[{}, b.stale]]);
    fromDatabase('xyd_profile_oldest_stale_age_seconds', 'Age of the oldest stale mark no drain has rebuilt yet', [], profiles, (b) => [[{}, b.oldestMarkSeconds]]);
    fromDatabase('xyd_profiles_rebuild_failed', 'Credit profiles set aside because their assembly failed on their own data (see the error log)', [], profiles, (b) => [[{}, b.failed]]);
    fromDatabase('xyd_partitions', 'Monthly partitions of each partitioned table', ['table'], partitions, (p) => [[{ table: p.table }, p.partitions]]);
    fromDatabase('xyd_partition_oldest_age_seconds', 'Age of the oldest monthly partition (since its month began), by table', ['table'], partitions, (p) => [[{ table: p.table }, p.oldestAgeSeconds]]);
    fromDatabase('xyd_partition_default_rows', 'Rows in the default partition (their month had no partition yet), by table', ['table'], partitions, (p) => [[{ table: p.table }, p.defaultRows]]);
  }

  /** Connects the database-backed gauges (they stay empty until then). */
  attach(probes: MetricsProbes): void {
    this.probes = probes;
  }

  answered(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe({ method, route, status: String(status) }, seconds);
  }

  attempted(channel: string, target: string, outcome: 'delivered' | 'failed' | 'dead'): void {
    this.deliveries.inc({ channel, target, outcome });
  }

  ran(jobId: string, outcome: 'ran' | 'failed', seconds: number): void {
    this.jobs.observe({ job: jobId, outcome }, seconds);
  }

  rebuiltSet(profiles: number, seconds: number): void {
    this.profilesRebuilt.inc(profiles);
    this.profileSets.observe(seconds);
  }

  /** The text exposition format. */
  async render(): Promise<{ contentType: string; body: string }> {
    this.scrapeReads.clear();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
