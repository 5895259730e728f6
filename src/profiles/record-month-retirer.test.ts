import { describe, expect, it } from 'vitest';
import type { DbOrTrx } from '../db/database.js';
import { FakeClock } from '../platform/clock.js';
import { RecordMonthRetirer } from './record-month-retirer.js';
import type { VersionCitationStore } from './version-citation-store.js';

class FakeCitations implements Pick<VersionCitationStore, 'holdNewVersions' | 'citesAny'> {
  readonly calls: string[] = [];
  constructor(private readonly cited: boolean) {}
  async holdNewVersions(): Promise<void> {
    this.calls.push('hold');
  }
  async citesAny(_tx: DbOrTrx, relation: string, servedSince: Date | null): Promise<boolean> {
    this.calls.push(`${relation} ${servedSince?.toISOString() ?? 'all versions'}`);
    return this.cited;
  }
}

const tx = {} as DbOrTrx;
const partition = { name: 'tax_payment_records_p202001', suffix: '202001', from: new Date('2019-12-31T16:00:00Z'), to: new Date('2020-01-31T16:00:00Z') };
const clock = new FakeClock(new Date('2026-12-05T02:00:00Z'));

describe('a record month past retention', () => {
  it('is dropped only when no version kept by the access log’s reach cites it, asked after new versions are held off', async () => {
    const free = new FakeCitations(false);
    expect(await new RecordMonthRetirer({ citations: free, clock, accessLogMonths: 60 }).beforeDrop(tx, partition)).toBe(true);
    // The first kept access-log month: December 2021, Asia/Shanghai.
    expect(free.calls).toEqual(['hold', 'tax_payment_records_p202001 2021-11-30T16:00:00.000Z']);

    const cited = new FakeCitations(true);
    expect(await new RecordMonthRetirer({ citations: cited, clock, accessLogMonths: null }).beforeDrop(tx, partition)).toBe(false);
    expect(cited.calls).toEqual(['hold', 'tax_payment_records_p202001 all versions']);
  });
});
