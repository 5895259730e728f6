import { describe, expect, it } from 'vitest';
import type { GuaranteeProduct } from './guarantee-product.js';
import { guaranteeEligibility, guaranteedAmount, resizedFee, smeGuaranteeFee } from './guarantee-eligibility.js';

const product: GuaranteeProduct = {
  id: 'p',
  companyId: 'c',
  companyName: '科担',
  loanProductId: 'l',
  loanProductName: '科担贷',
  bankName: '湖北银行',
  name: '科担贷担保',
  route: 'guarantee_first',
  templateCode: 'HB-4222-TECH',
  guaranteedShareBp: 8000,
  feeRate: '0.8000',
  feeSubsidyRate: '0.3000',
  singleFirmCap: '3000000.00',
  maxTermMonths: 36,
  eligibleLists: ['high_tech', 'specialised'],
  techTier: 'high_tech',
  counterGuarantees: ['ip_pledge'],
  counterGuaranteeFreeUpTo: '100000.00',
  autoGrantMaxAmount: null,
  createdAt: new Date(0),
};
const listed = { uscc: '91420200MA4K000001', list: 'high_tech' as const, listedOn: '2025-01-01', expiresOn: '2027-12-31', authority: '黄石市科学技术局' };
const base = { listings: [listed], asOf: '2026-12-05', amount: '1000000.00', termMonths: 24, firmOutstanding: '0' };

describe('guarantee product eligibility', () => {
  it('accepts a listed firm within the caps and names the 反担保 it needs', () => {
    expect(guaranteeEligibility(product, base)).toEqual({ eligible: true, reasons: [], counterGuaranteesRequired: ['ip_pledge'] });
    expect(guaranteeEligibility(product, { ...base, amount: '100000.00' }).counterGuaranteesRequired).toEqual([]);
  });

  it('gives each reason a firm is not eligible', () => {
    const result = guaranteeEligibility(product, { ...base, listings: [{ ...listed, expiresOn: '2026-12-04' }], termMonths: 48, firmOutstanding: '2200000.01' });
    expect(result.eligible).toBe(false);
    expect(result.reasons).toEqual([
      '企业不在高新技术企业、专精特新中小企业名单内（或认定已过期）',
      '贷款期限超过担保产品上限 36 个月',
      '本笔担保后单户在保余额 3,000,000.01 元将超过上限 3,000,000.00 元',
    ]);
  });

  it('counts the guaranteed part (80 %, rounded half up to the fen) against the single-firm cap', () => {
    expect(guaranteedAmount(product, '0.03')).toBe('0.02');
    expect(guaranteedAmount(product, '0.07')).toBe('0.06');
    expect(guaranteeEligibility(product, { ...base, firmOutstanding: '2200000.00' }).eligible).toBe(true);
  });

  it('does not accept a list the product does not name', () => {
    expect(guaranteeEligibility(product, { ...base, listings: [{ ...listed, list: 'tech_sme' }] }).eligible).toBe(false);
  });
});

describe('the guarantee fee the SME pays', () => {
  it('charges the rate net of the subsidy over the term, rounded half up to the fen', () => {
    // 800,000 × 0.5 % × 24/12 = 8,000.00
    expect(smeGuaranteeFee('800000.00', '0.80', '0.30', 24)).toBe('8000.00');
    // 333,333.33 × 0.7 % × 7/12 = 1,361.1110975 → 1,361.11
    expect(smeGuaranteeFee('333333.33', '1.00', '0.30', 7)).toBe('1361.11');
    // 100.01 × 0.9 % × 1/12 = 0.0750075 → 0.08
    expect(smeGuaranteeFee('100.01', '0.90', '0', 1)).toBe('0.08');
    expect(smeGuaranteeFee('500000.00', '0.50', '0.50', 12)).toBe('0.00');
  });

  it('follows a granted guarantee resized by a late approval at the rates it was granted with', () => {
    // The product's rates still give the fee granted: 333,333.33 → 300,000.00 at 0.7 % over 7 months.
    expect(resizedFee({ guaranteedAmount: '333333.33', feeDue: '1361.11' }, { feeRate: '1.00', feeSubsidyRate: '0.30' }, 7, '300000.00')).toBe('1225.00');
    // The product's fee changed since the grant: 2,400.00 on 240,000 scaled to 160,000 → 1,600.00, not 0.8 % of it.
    expect(resizedFee({ guaranteedAmount: '240000.00', feeDue: '2400.00' }, { feeRate: '0.80', feeSubsidyRate: '0' }, 12, '160000.00')).toBe('1600.00');
    // Scaled half up to the fen: 1,000.00 × 1/3 = 333.333… → 333.33; × 2/3 → 666.67.
    expect(resizedFee({ guaranteedAmount: '300000.00', feeDue: '1000.00' }, { feeRate: '0.80', feeSubsidyRate: '0' }, 12, '100000.00')).toBe('333.33');
    expect(resizedFee({ guaranteedAmount: '300000.00', feeDue: '1000.00' }, { feeRate: '0.80', feeSubsidyRate: '0' }, 12, '200000.00')).toBe('666.67');
  });
});
