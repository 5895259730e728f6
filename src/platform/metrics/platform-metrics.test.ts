import { describe, expect, it } from 'vitest';
import { PlatformMetrics } from './platform-metrics.js';

const line = (text: string, series: string) => text.split('\n').find((l) => l.startsWith(`${series} `))?.slice(series.length + 1);

describe('PlatformMetrics', () => {
  it('counts delivery attempts per channel, target and outcome, and job runs with their duration', async () => {
    const metrics = new PlatformMetrics();
    metrics.attempted('bank_adapter', 'ICBC_HS', 'failed');
    metrics.attempted('bank_adapter', 'ICBC_HS', 'failed');
    metrics.attempted('bank_adapter', 'CCB_HS', 'delivered');
    metrics.ran('expire-consents', 'ran', 0.2);
    metrics.ran('expire-consents', 'failed', 3);
    const { body } = await metrics.render();
    expect(line(body, 'xyd_outbox_delivery_attempts_total{channel="bank_adapter",target="ICBC_HS",outcome="failed"}')).toBe('2');
    expect(line(body, 'xyd_outbox_delivery_attempts_total{channel="bank_adapter",target="CCB_HS",outcome="delivered"}')).toBe('1');
    expect(line(body, 'xyd_job_run_duration_seconds_count{job="expire-consents",outcome="ran"}')).toBe('1');
    expect(line(body, 'xyd_job_run_duration_seconds_sum{job="expire-consents",outcome="failed"}')).toBe('3');
    expect(line(body, 'xyd_job_run_duration_seconds_bucket{le="0.5",job="expire-consents",outcome="ran"}')).toBe('1');
  });

  it('counts the profiles this instance rebuilt and times its sets', async () => {
    const metrics = new PlatformMetrics();
    metrics.rebuiltSet(1_000, 0.8);
    metrics.rebuiltSet(40, 0.2);
    const { body } = await metrics.render();
    expect(line(body, 'xyd_profiles_rebuilt_total')).toBe('1040');
    expect(line(body, 'xyd_profile_rebuild_set_duration_seconds_count')).toBe('2');
    expect(line(body, 'xyd_profile_rebuild_set_duration_seconds_bucket{le="0.25"}')).toBe('1');
  });

  it('reads pool, outbox and ingestion gauges from its probes at scrape time, and drops channels that emptied', async () => {
    const metrics = new PlatformMetrics();
    let outbox = [{ channel: 'bank_adapter', pending: 4, dead: 1, oldestPendingSeconds: 42.5 }];
    metrics.attach({
      pool: () => ({ used: 7, free: 1, pending: 3, max: 8 }),
      outbox: async () => outbox,
      ingestion: async () => [{ category: 'tax_payment', batches: 2, rowsAccepted: 990, rowsRejected: 10 }],
      partitions: async () => [{ table: 'consent_access_log', partitions: 5, oldestAgeSeconds: 86_400, defaultRows: 2 }],
      profiles: async () => ({ stale: 1_200, oldestMarkSeconds: 95.5, failed: 3 }),
    });
    const first = (await metrics.render()).body;
    expect(line(first, 'xyd_db_pool_pending_acquires')).toBe('3');
    expect(line(first, 'xyd_db_pool_connections_used')).toBe('7');
    expect(line(first, 'xyd_outbox_pending_messages{channel="bank_adapter"}')).toBe('4');
    expect(line(first, 'xyd_outbox_oldest_pending_age_seconds{channel="bank_adapter"}')).toBe('42.5');
    expect(line(first, 'xyd_ingestion_rows{category="tax_payment",outcome="rejected"}')).toBe('10');
    expect(line(first, 'xyd_ingestion_batches{category="tax_payment"}')).toBe('2');
    expect(line(first, 'xyd_partitions{table="consent_access_log"}')).toBe('5');
    expect(line(first, 'xyd_partition_oldest_age_seconds{table="consent_access_log"}')).toBe('86400');
    expect(line(first, 'xyd_partition_default_rows{table="consent_access_log"}')).toBe('2');
    expect(line(first, 'xyd_profiles_stale')).toBe('1200');
    expect(line(first, 'xyd_profile_oldest_stale_age_seconds')).toBe('95.5');
    expect(line(first, 'xyd_profiles_rebuild_failed')).toBe('3');
    outbox = [];
    const second = (await metrics.render()).body;
    expect(line(second, 'xyd_outbox_pending_messages{channel="bank_adapter"}')).toBeUndefined();
  });
});
