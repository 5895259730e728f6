import { describe, expect, it } from 'vitest';
import { assertCompensationWithinLoan } from './compensation-limits.js';

const claim = (lossFen: bigint, compensatedFen: bigint) => ({ lossFen, compensatedFen, outstanding: '300000.00', guaranteedAmount: '240000.00' });

describe('a 代偿 claim is capped by the loan', () => {
  it('takes a loss up to the principal outstanding, the guarantee side paying up to the guaranteed amount', () => {
    expect(() => assertCompensationWithinLoan(claim(30_000_000n, 24_000_000n))).not.toThrow();
  });

  it('refuses a loss above the principal outstanding, naming lossAmount and the outstanding amount', () => {
    expect(() => assertCompensationWithinLoan(claim(30_000_001n, 24_000_000n))).toThrow(
      expect.objectContaining({ code: 'COMPENSATION_ABOVE_OUTSTANDING', errors: [expect.objectContaining({ field: 'lossAmount', message: '代偿损失不能超过贷款未还本金 300,000.00 元' })] }),
    );
  });

  it('refuses a payout above the guaranteed amount (a template splitting the whole loan over a partial guarantee)', () => {
    expect(() => assertCompensationWithinLoan(claim(30_000_000n, 24_000_001n))).toThrow(expect.objectContaining({ code: 'COMPENSATION_ABOVE_GUARANTEED', errors: [expect.objectContaining({ field: 'lossAmount' })] }));
  });
});
