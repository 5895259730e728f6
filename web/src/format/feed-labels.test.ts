import { describe, expect, it } from 'vitest';
import { buildPercent, buildProgressText, closedMonths, feedRecordText, fileLabel } from './feed-labels';

describe('feed labels', () => {
  it('lists closed months in Asia/Shanghai, newest first, across a year boundary', () => {
    expect(closedMonths(new Date('2026-12-31T17:00:00Z'), 2)).toEqual(['2026-12', '2026-11']);
    expect(closedMonths(new Date('2027-02-10T00:00:00Z'), 3)).toEqual(['2027-01', '2026-12', '2026-11']);
  });

  it('names a feed record by what the office knows it by, never by its identifier', () => {
    const base = { month: '2026-03', enterpriseName: null };
    expect(feedRecordText({ ...base, recordType: 'loan_disbursement', sourceId: '0b4f7f5e-1c2d-4e5f-8a9b-0c1d2e3f4a5b:D2', enterpriseName: '黄石市晨光机械有限公司' })).toBe('黄石市晨光机械有限公司');
    expect(feedRecordText({ ...base, recordType: 'credit_record', sourceId: 'tax_payments:91420200MA4KXXXX0N|2024-12|vat' })).toBe('纳税 · 2024-12 · 增值税');
    expect(feedRecordText({ ...base, recordType: 'platform_stats', sourceId: '420200:2026-03' })).toBe('全市统计 · 2026年3月');
    expect(feedRecordText({ ...base, recordType: 'loan_application', sourceId: '0b4f7f5e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' })).toBe('平台中已无该记录');
  });

  it('names files in words, never by their raw names', () => {
    const types = new Map([['loan_disbursement', '放款']]);
    const base = { id: 1, rows: 1, bytes: 1, sm3: 'x' };
    expect(fileLabel({ ...base, name: 'loan_disbursement.csv.gz', kind: 'data', recordType: 'loan_disbursement', format: 'csv' }, types)).toBe('放款 · 表格格式压缩数据文件');
    expect(fileLabel({ ...base, name: 'manifest.sig', kind: 'manifest', recordType: null, format: 'text' }, types)).toBe('报送清单签名（国密）');
  });

  it('says how far a build has come in words and as a share of its record types', () => {
    expect(buildProgressText({ rows: 1234567, recordTypesDone: 3, recordTypes: 7 })).toBe('已完成 3/7 类数据，已读取 1,234,567 条记录');
    expect(buildPercent({ rows: 0, recordTypesDone: 0, recordTypes: 7 })).toBe(0);
    expect(buildPercent({ rows: 10, recordTypesDone: 6, recordTypes: 7 })).toBe(85);
    expect(buildPercent({ rows: 10, recordTypesDone: 7, recordTypes: 7 })).toBe(100);
  });
});
