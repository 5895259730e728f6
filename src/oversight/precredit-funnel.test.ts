import { describe, expect, it } from 'vitest';
import { precreditFunnel } from './precredit-funnel.js';

const banks = [
  { id: 'bank-x', code: 'X', name: '甲银行', lastExchangeAt: null },
  { id: 'bank-y', code: 'Y', name: '乙银行', lastExchangeAt: null },
  { id: 'bank-z', code: 'Z', name: '丙银行', lastExchangeAt: null },
];
const row = (bankId: string, n: [number, number, number, number], a: [string, string, string, string]) => ({
  bankId, whitelisted: n[0], visited: n[1], approved: n[2], disbursed: n[3],
  whitelistedAmount: a[0], visitedAmount: a[1], approvedAmount: a[2], disbursedAmount: a[3],
});

describe('pre-credit funnel', () => {
  it('adds the banks up city-wide in stage order and leaves out banks without a white list', () => {
    const f = precreditFunnel(
      [row('bank-x', [4, 2, 1, 1], ['1100000.00', '1500000.00', '1000000.00', '1000000.00']), row('bank-y', [3, 1, 0, 0], ['300000.10', '200000.00', '0.00', '0.00'])],
      banks,
    );
    expect(f.stages).toEqual([
      { stage: 'whitelisted', count: 7, amount: '1400000.10' },
      { stage: 'visited', count: 3, amount: '1700000.00' },
      { stage: 'approved', count: 1, amount: '1000000.00' },
      { stage: 'disbursed', count: 1, amount: '1000000.00' },
    ]);
    expect(f.banks.map((b) => [b.bankName, b.stages[0]!.count])).toEqual([['甲银行', 4], ['乙银行', 3]]);
  });
});
