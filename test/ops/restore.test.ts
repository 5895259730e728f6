import { describe, expect, it } from 'vitest';
import { runRestoreCheck } from '../../scripts/ops/restore-check.js';

describe('backup and restore of a city', () => {
  it('restores a pg_dump into a new cluster and a base backup plus WAL to a restore point, with every table count and the access-log chain intact', async () => {
    const report = await runRestoreCheck();
    console.warn(JSON.stringify(report));
    expect(report.tables).toBeGreaterThan(50);
    expect(report.dump.mismatched).toEqual([]);
    expect(report.dump.chain).toMatchObject({ ok: true });
    expect((report.dump.chain as { checked: number }).checked).toBeGreaterThanOrEqual(40);
    expect(report.pitr.mismatched).toEqual([]);
    expect(report.pitr.chain).toMatchObject({ ok: true });
    // The reads made after the restore point are not in the point-in-time copy.
    expect(report.pitr.rowsAfterTargetExcluded).toBe(true);
  });
});
