import { describe as suite, expect, it } from 'vitest';
import { describe } from './service-status-service.js';

const none = { marketEntities: 0, activeLenders: 0, connectedBanks: 0, activeGuarantors: 0, activeFinancialOffices: 0, publishedProducts: 0, lastBatchCompletedAt: null };

suite('service states', () => {
  it('are all closed on an empty installation', () => {
    expect(describe(none).every((s) => !s.open)).toBe(true);
  });

  it('open online applications only with a connected bank and a published product, and show the last batch in Asia/Shanghai', () => {
    const states = describe({ ...none, connectedBanks: 2, publishedProducts: 0, lastBatchCompletedAt: new Date('2026-12-04T16:30:00Z') });
    expect(states.find((s) => s.key === 'applications')).toMatchObject({ open: false, detail: '已对接银行 2 家，在售产品 0 个' });
    expect(describe({ ...none, connectedBanks: 2, publishedProducts: 1 }).find((s) => s.key === 'applications')!.open).toBe(true);
    expect(states.find((s) => s.key === 'profiles')).toMatchObject({ open: true, detail: '最近一次政务数据归集：2026-12-05 00:30' });
  });
});
