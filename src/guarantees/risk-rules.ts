import type { FieldError } from '../platform/errors.js';
import { compareDecimal } from '../platform/money.js';
import { FULL_SHARE_BP, RISK_PARTY_ROLES, effectiveLoanShareBp, type RiskTemplate } from './risk-sharing.js';

/**
 * Rules a risk-sharing template and a guarantee product must keep, from 财金〔2024〕60号
 * 《支持科技创新专项担保计划》 (2024-07-24) and the national fund's rules (财政部 2019-02-15), with
 * the dated policy data they need. Every check returns field errors; none throws.
 */

/** A dated policy value: applies to business dates in [effectiveFrom, effectiveTo). */
export interface Dated {
  effectiveFrom: string;
  effectiveTo: string | null;
  source: string;
}

const inForce = <T extends Dated>(rows: readonly T[], date: string): T[] =>
  rows.filter((r) => r.effectiveFrom <= date && (r.effectiveTo === null || date < r.effectiveTo));

/** Guarantee and re-guarantee fee caps (annual %), by the single amount they apply to. */
export interface FeeCap extends Dated {
  kind: 'guarantee_fee' | 'reguarantee_fee';
  /** Applies to single amounts above this (元, exclusive); null means from zero. */
  aboveAmount: string | null;
  /** Applies to single amounts up to this (元, inclusive); null means without limit. */
  upToAmount: string | null;
  maxRatePct: string;
}

export const FEE_CAPS: readonly FeeCap[] = [
  { kind: 'guarantee_fee', aboveAmount: null, upToAmount: '5000000.00', maxRatePct: '1.00', effectiveFrom: '2019-02-14', effectiveTo: null, source: '国办发〔2019〕6号 as implemented in 甘肃 (单户 ≤500万 ≤1%) [SRC]' },
  { kind: 'guarantee_fee', aboveAmount: '5000000.00', upToAmount: null, maxRatePct: '1.50', effectiveFrom: '2019-02-14', effectiveTo: null, source: '国办发〔2019〕6号 (单户 >500万 ≤1.5%) [MEM, not seen verbatim]' },
  { kind: 'reguarantee_fee', aboveAmount: null, upToAmount: '5000000.00', maxRatePct: '0.30', effectiveFrom: '2024-07-24', effectiveTo: null, source: '财金〔2024〕60号 (单笔 ≤500万 ≤0.3%) [SRC]' },
  { kind: 'reguarantee_fee', aboveAmount: '5000000.00', upToAmount: null, maxRatePct: '0.50', effectiveFrom: '2024-07-24', effectiveTo: null, source: '财金〔2024〕60号 (单笔 >500万 ≤0.5%) [SRC]' },
];

/** The fee cap in force for a single amount on a date, or undefined when no rule applies. */
export function feeCapFor(kind: FeeCap['kind'], amount: string, date: string, caps: readonly FeeCap[] = FEE_CAPS): FeeCap | undefined {
  return inForce(caps, date).find(
    (c) => c.kind === kind && (c.aboveAmount === null || compareDecimal(amount, c.aboveAmount) > 0) && (c.upToAmount === null || compareDecimal(amount, c.upToAmount) <= 0),
  );
}

/** Single-firm 在保余额 caps (元): the general cap and the one for firms on the 60号 tech lists. */
export interface SingleFirmCap extends Dated {
  techListed: boolean;
  maxOutstanding: string;
}

export const SINGLE_FIRM_CAPS: readonly SingleFirmCap[] = [
  { techListed: false, maxOutstanding: '10000000.00', effectiveFrom: '2019-02-14', effectiveTo: null, source: '国家融资担保基金 单户 1000万 [SRC, 财金〔2024〕60号 "由1000万元提高至3000万元"]' },
  { techListed: true, maxOutstanding: '10000000.00', effectiveFrom: '2019-02-14', effectiveTo: '2024-07-24', source: '财金〔2024〕60号 (before) [SRC]' },
  { techListed: true, maxOutstanding: '30000000.00', effectiveFrom: '2024-07-24', effectiveTo: null, source: '财金〔2024〕60号 [SRC]' },
];

export function singleFirmCapFor(techListed: boolean, date: string, caps: readonly SingleFirmCap[] = SINGLE_FIRM_CAPS): string | undefined {
  return inForce(caps, date).find((c) => c.techListed === techListed)?.maxOutstanding;
}

/** 代偿率 ceilings (%) for the guarantee system; the monthly report compares against the one in force. */
export interface CompensationCeiling extends Dated {
  maxRatePct: string;
}

export const COMPENSATION_CEILINGS: readonly CompensationCeiling[] = [
  { maxRatePct: '4.00', effectiveFrom: '2019-02-14', effectiveTo: '2024-07-24', source: '财金〔2024〕60号 "代偿率上限由4%提高至5%" [SRC]' },
  { maxRatePct: '5.00', effectiveFrom: '2024-07-24', effectiveTo: null, source: '财金〔2024〕60号 [SRC]' },
];

export function compensationCeilingFor(date: string, ceilings: readonly CompensationCeiling[] = COMPENSATION_CEILINGS): string | undefined {
  return inForce(ceilings, date)[0]?.maxRatePct;
}

/** 60号: the borrower pays interest and the guarantee fee, nothing else (no 保证金, 承诺费, 咨询费 …). */
export const ALLOWED_FEE_LINES = ['interest', 'guarantee_fee'] as const;

export function feeLineErrors(lines: readonly string[]): FieldError[] {
  return lines.flatMap((line, i) =>
    (ALLOWED_FEE_LINES as readonly string[]).includes(line)
      ? []
      : [{ field: `feeLines.${i}`, code: 'FEE_LINE_NOT_ALLOWED', message: '除利息和担保费外不得收取其他费用（财金〔2024〕60号）' }],
  );
}

/**
 * 60号 national-fund share caps by firm tier (basis points of the loan): 40 % for 专精特新 and
 * national S&T project firms, 35 % for 高新技术企业 and 创新积分制 picks, 30 % for other
 * 科技型中小企业 / 创新型中小企业.
 */
export const NATIONAL_FUND_TIER_CAP_BP = { specialised: 4000, high_tech: 3500, tech_sme: 3000 } as const;
export type TechTier = keyof typeof NATIONAL_FUND_TIER_CAP_BP;

const MIN_BANK_SHARE_BP = 2000;
const MIN_PROVINCIAL_SHARE_BP = 2000;

/**
 * The structural checks (shares positive and summing to 100 %, recovery split of the same length)
 * and the 60号 ones: where the national fund takes part the bank keeps ≥ 20 % of the loan; under
 * the tech plan (`techTier` set) the fund stays within its tier cap and the provincial
 * re-guarantor takes ≥ 20 %.
 */
export function templateErrors(template: RiskTemplate, guaranteedShareBp: number, techTier?: TechTier): FieldError[] {
  const errors: FieldError[] = [];
  const { parties } = template;
  if (parties.length === 0) errors.push({ field: 'parties', code: 'NO_PARTIES', message: '风险分担方不能为空' });
  parties.forEach((p, i) => {
    if (!RISK_PARTY_ROLES.includes(p.role)) errors.push({ field: `parties.${i}.role`, code: 'UNKNOWN_ROLE', message: '未知的分担方角色' });
    if (!Number.isInteger(p.shareBp) || p.shareBp <= 0) errors.push({ field: `parties.${i}.shareBp`, code: 'SHARE_NOT_POSITIVE', message: '分担比例必须为正整数（万分比）' });
  });
  const total = parties.reduce((sum, p) => sum + p.shareBp, 0);
  if (total !== FULL_SHARE_BP) errors.push({ field: 'parties', code: 'SHARES_NOT_FULL', message: `分担比例合计须为100%（当前 ${total / 100}%）` });
  if (template.recoveryShareBp) {
    const r = template.recoveryShareBp;
    if (r.length !== parties.length || r.some((w) => !Number.isInteger(w) || w < 0) || r.reduce((s, w) => s + w, 0) !== FULL_SHARE_BP) {
      errors.push({ field: 'recoveryShareBp', code: 'RECOVERY_SPLIT_INVALID', message: '追偿分配比例须与分担方一一对应且合计100%' });
    }
  }
  if (!Number.isInteger(guaranteedShareBp) || guaranteedShareBp <= 0 || guaranteedShareBp > FULL_SHARE_BP) {
    errors.push({ field: 'guaranteedShareBp', code: 'GUARANTEED_SHARE_INVALID', message: '担保比例须在0到100%之间' });
    return errors;
  }
  const withFund = parties.some((p) => p.role === 'national_fund');
  if (withFund && effectiveLoanShareBp(template, 'bank', guaranteedShareBp) < MIN_BANK_SHARE_BP) {
    errors.push({ field: 'parties', code: 'BANK_SHARE_TOO_LOW', message: '国家融资担保基金参与分险时，银行分担比例不得低于20%（财金〔2024〕60号）' });
  }
  if (techTier) {
    if (effectiveLoanShareBp(template, 'national_fund', guaranteedShareBp) > NATIONAL_FUND_TIER_CAP_BP[techTier]) {
      errors.push({ field: 'parties', code: 'FUND_SHARE_ABOVE_TIER', message: `国家融资担保基金分担比例超过该类企业上限 ${NATIONAL_FUND_TIER_CAP_BP[techTier] / 100}%` });
    }
    if (effectiveLoanShareBp(template, 'provincial_reguarantor', guaranteedShareBp) < MIN_PROVINCIAL_SHARE_BP) {
      errors.push({ field: 'parties', code: 'PROVINCIAL_SHARE_TOO_LOW', message: '省级再担保机构分担比例不得低于20%（财金〔2024〕60号）' });
    }
  }
  return errors;
}
