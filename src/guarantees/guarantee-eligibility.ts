import { compareMoney, fromFen, toFen, yuanText } from '../platform/money.js';
import { TECH_LIST_LABELS } from '../ingestion/categories/tech-lists-labels.js';
import { listingHolds, type TechListing } from '../ingestion/categories/tech-lists.js';
import type { GuaranteeProduct } from './guarantee-product.js';

/** What a guarantee needs to know about one request: the firm's lists, the loan, the firm's guarantees in force. */
export interface EligibilityInput {
  listings: readonly TechListing[];
  /** Business date (Asia/Shanghai) the lists are read on. */
  asOf: string;
  amount: string;
  termMonths: number;
  /** The firm's 在保余额 with this company before this loan. */
  firmOutstanding: string;
}

export interface GuaranteeEligibility {
  eligible: boolean;
  /** Why not, one plain Chinese sentence each; empty when eligible. */
  reasons: string[];
  /** 反担保 the loan needs (empty when none is needed). */
  counterGuaranteesRequired: GuaranteeProduct['counterGuarantees'];
}

/** The guaranteed part of a loan: the product's share, rounded half up to the fen. */
export const guaranteedAmount = (product: Pick<GuaranteeProduct, 'guaranteedShareBp'>, amount: string): string =>
  fromFen((toFen(amount) * BigInt(product.guaranteedShareBp) + 5_000n) / 10_000n);

const rateUnits = (rate: string): bigint => {
  const [whole = '0', fraction = ''] = rate.split('.');
  return BigInt(whole + fraction.padEnd(4, '0').slice(0, 4));
};

/**
 * The guarantee fee the SME pays: guaranteed amount × (fee rate − subsidy rate) per year × term,
 * rounded half up to the fen. Rates are annual % with up to four decimals.
 */
export function smeGuaranteeFee(guaranteed: string, feeRate: string, subsidyRate: string, termMonths: number): string {
  const net = rateUnits(feeRate) - rateUnits(subsidyRate);
  if (net <= 0n) return '0.00';
  // fen × (rate% × 10⁴) × months / (100 × 10⁴ × 12)
  const denominator = 12_000_000n;
  return fromFen((toFen(guaranteed) * net * BigInt(termMonths) + denominator / 2n) / denominator);
}

/**
 * The fee of a granted guarantee whose amount changes, at the rates it was granted with: the
 * product's rates when they still give the fee granted, else the fee granted scaled to the new
 * amount (the product changed since), rounded half up to the fen.
 */
export function resizedFee(granted: { guaranteedAmount: string; feeDue: string }, product: Pick<GuaranteeProduct, 'feeRate' | 'feeSubsidyRate'>, termMonths: number, guaranteed: string): string {
  const before = toFen(granted.guaranteedAmount);
  const sameRates = compareMoney(smeGuaranteeFee(granted.guaranteedAmount, product.feeRate, product.feeSubsidyRate, termMonths), granted.feeDue) === 0;
  if (sameRates || before === 0n) return smeGuaranteeFee(guaranteed, product.feeRate, product.feeSubsidyRate, termMonths);
  return fromFen((toFen(granted.feeDue) * toFen(guaranteed) * 2n + before) / (2n * before));
}

/** The product's own rules for one firm and loan: the tech lists, term cap, single-firm cap, 反担保. */
export function guaranteeEligibility(product: GuaranteeProduct, input: EligibilityInput): GuaranteeEligibility {
  const reasons: string[] = [];
  if (product.eligibleLists.length > 0 && !input.listings.some((l) => product.eligibleLists.includes(l.list) && listingHolds(l, input.asOf))) {
    reasons.push(`企业不在${product.eligibleLists.map((l) => TECH_LIST_LABELS[l]).join('、')}名单内（或认定已过期）`);
  }
  if (input.termMonths > product.maxTermMonths) reasons.push(`贷款期限超过担保产品上限 ${product.maxTermMonths} 个月`);
  const after = fromFen(toFen(input.firmOutstanding) + toFen(guaranteedAmount(product, input.amount)));
  if (compareMoney(after, product.singleFirmCap) > 0) {
    reasons.push(`本笔担保后单户在保余额 ${yuanText(after)}将超过上限 ${yuanText(product.singleFirmCap)}`);
  }
  const free = product.counterGuaranteeFreeUpTo !== null && compareMoney(input.amount, product.counterGuaranteeFreeUpTo) <= 0;
  return { eligible: reasons.length === 0, reasons, counterGuaranteesRequired: free ? [] : product.counterGuarantees };
}
