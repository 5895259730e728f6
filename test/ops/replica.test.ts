import { describe, expect, it } from 'vitest';
import { runReplicaCheck } from '../../scripts/ops/replica-check.js';

describe('a streaming read replica', () => {
  it('serves the oversight reads, shows its lag under write load, and takes over writes when promoted', async () => {
    const report = await runReplicaCheck(100);
    console.warn(JSON.stringify(report));
    expect(report.oversightOnReplica).toBe(true);
    expect(report.samples).toBe(100);
    // A replica on the same machine: lag is milliseconds; seconds would mean it stopped streaming.
    expect(report.lagMs.max).toBeLessThan(5_000);
    expect(report.failover).toMatchObject({ promoted: true, writable: true });
  });
});
