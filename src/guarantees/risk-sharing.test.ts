import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../platform/seeded-random.js';
import { allocateFen, effectiveLoanShareBp, splitLoss, splitRecovery, type RiskTemplate } from './risk-sharing.js';
import { SOURCED_TEMPLATES as SEEDED } from '../../migrations/data/sourced-guarantee-templates.js';

/** The templates the migration seeds, read as the domain type they were written from. */
const SOURCED_TEMPLATES = SEEDED as readonly RiskTemplate[];

const template = (code: string): RiskTemplate => SOURCED_TEMPLATES.find((t) => t.code === code)!;
const total = (parts: readonly { fen: bigint }[]) => parts.reduce((s, p) => s + p.fen, 0n);

describe('largest-remainder allocation in fen', () => {
  it('gives a single fen to the first of equal remainders', () => {
    expect(allocateFen(1n, [1, 1, 1])).toEqual([1n, 0n, 0n]);
    expect(allocateFen(2n, [1, 1, 1])).toEqual([1n, 1n, 0n]);
  });

  it('gives the leftover fen to the largest remainders, not the earliest', () => {
    // 10 fen by 33.33 / 33.33 / 33.34 %: quotas 3.333, 3.333, 3.334 → floors 3, 3, 3, the last fen to the 3.334.
    expect(allocateFen(10n, [3333, 3333, 3334])).toEqual([3n, 3n, 4n]);
  });

  it('splits 100.01 元 by the Hubei 4321 (2021) shares exactly, the odd fen to the larger quota', () => {
    // 10001 fen × 20/20/30/20/10 %: 2000.2, 2000.2, 3000.3, 2000.2, 1000.1 → floors sum 10000; the 0.3 remainder wins.
    const parts = splitLoss(template('HB-4321-2021'), 10001n, 10000);
    expect(parts.map((p) => p.fen)).toEqual([2000n, 2000n, 3001n, 2000n, 1000n]);
  });

  it('keeps every seeded template exact to the fen on awkward amounts', () => {
    const random = new SeededRandom(16);
    const amounts = [0n, 1n, 3n, 7n, 99n, 10001n, 333333333n, 999999999999n, ...Array.from({ length: 200 }, () => BigInt(random.int(1, 2_000_000_000)))];
    for (const t of SOURCED_TEMPLATES) {
      for (const fen of amounts) {
        const loss = splitLoss(t, fen, 10000);
        expect(total(loss), `${t.code} ${fen}`).toBe(fen);
        loss.forEach((p, i) => {
          // No part strays more than one fen from its exact quota.
          const exact = (Number(fen) * t.parties[i]!.shareBp) / 10000;
          expect(Math.abs(Number(p.fen) - exact)).toBeLessThan(1);
        });
        expect(total(splitRecovery(t, fen, 10000))).toBe(fen);
      }
    }
  });

  it('lets the bank bear the unguaranteed rest when the shares apply to the guaranteed amount', () => {
    const t: RiskTemplate = { ...template('BG-2-8'), basis: 'guaranteed_amount' };
    // Loss 1000.05 元, 80 % guaranteed: 800.04 元 covered (80004 fen), split 2:8 → 16000.8 / 64003.2 → 16001 / 64003.
    const parts = splitLoss(t, 100005n, 8000);
    expect(parts).toEqual([
      { role: 'bank', label: '合作银行', fen: 16001n + 20001n },
      { role: 'guarantor', label: '担保机构', fen: 64003n },
    ]);
    expect(effectiveLoanShareBp(t, 'bank', 8000)).toBe(3600);
  });

  it('splits recoveries by their own split when the template has one', () => {
    const t: RiskTemplate = { ...template('BG-2-8'), recoveryShareBp: [5000, 5000] };
    expect(splitRecovery(t, 3n, 10000).map((p) => p.fen)).toEqual([2n, 1n]);
    expect(splitLoss(t, 3n, 10000).map((p) => p.fen)).toEqual([1n, 2n]);
  });
});
