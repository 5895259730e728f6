import { compareMoney, fromFen, toFen, yuanText } from '../../platform/money.js';
import type { Dated } from '../risk-rules.js';

/**
 * 创业担保贷款 as a policy table with effective dates (wave-2 anchors §3.6, domain §3.3). Each row
 * is one generation of the rules, looked up by the loan's issue date; caps are 元, ratios and
 * shares basis points. The LPR is dated data too, read at the issue date.
 */
export const STARTUP_BORROWER_TYPES = ['individual', 'partnership', 'small_firm'] as const;
export type StartupBorrowerType = (typeof STARTUP_BORROWER_TYPES)[number];

/** 借款人类别 (eligible individuals, Wuhan list). */
export const STARTUP_BORROWER_CATEGORIES = [
  '城镇登记失业人员', '就业困难人员', '退役军人', '刑满释放人员', '高校毕业生', '化解过剩产能职工',
  '返乡创业农民工', '网络商户', '脱贫人口', '自主创业农民',
] as const;

export type SubsidyMode =
  /** The borrower pays interest up to LPR − 150BP; finance pays the rest (loans from 2021). */
  | { kind: 'LPR_MINUS_150BP_BORROWER' }
  /** Finance pays a share of the interest at the actual rate (later generations: 50 %). */
  | { kind: 'PCT_OF_ACTUAL_RATE'; shareBp: number };

export interface StartupLoanPolicy extends Dated {
  code: string;
  region: string;
  caps: Record<Exclude<StartupBorrowerType, 'partnership'>, string>;
  /** A partnership: up to this share of the partners' individual caps, and never above `cap`. */
  partnership: { ofIndividualCapsBp: number; cap: string };
  /** Higher caps when the borrower creates at least `minJobs` jobs (深圳 2024). */
  jobUplift: { minJobs: number; individual: string; small_firm: string } | null;
  /** A small firm's new hires as a share of its staff: `standardBp`, or `largeFirmBp` above `largeFirmStaff`. */
  hiringRatio: { standardBp: number; largeFirmBp: number; largeFirmStaff: number };
  maxRenewals: number;
  /** Loans up to this amount need no 反担保. */
  noCounterGuaranteeUpTo: string;
  maxTermMonths: Record<Exclude<StartupBorrowerType, 'partnership'>, number>;
  subsidy: SubsidyMode;
  /** Interest above LPR + this many basis points is not subsidised. */
  rateCapOverLprBp: number;
  /** 中央 / 省 / 市 shares of the subsidy, for reporting. */
  coFunding: { level: 'central' | 'province' | 'city'; shareBp: number }[];
}

const CO_FUNDING = [
  { level: 'central' as const, shareBp: 5000 },
  { level: 'province' as const, shareBp: 2500 },
  { level: 'city' as const, shareBp: 2500 },
];

export const STARTUP_LOAN_POLICIES: readonly StartupLoanPolicy[] = [
  {
    code: 'CN-2020-21',
    region: '全国',
    effectiveFrom: '2021-01-01',
    effectiveTo: '2022-05-18',
    caps: { individual: '200000.00', small_firm: '3000000.00' },
    partnership: { ofIndividualCapsBp: 10000, cap: '3000000.00' },
    jobUplift: null,
    hiringRatio: { standardBp: 1500, largeFirmBp: 800, largeFirmStaff: 100 },
    maxRenewals: 3,
    noCounterGuaranteeUpTo: '100000.00',
    maxTermMonths: { individual: 36, small_firm: 24 },
    subsidy: { kind: 'LPR_MINUS_150BP_BORROWER' },
    rateCapOverLprBp: 150,
    coFunding: CO_FUNDING,
    source:
      '财金〔2020〕21号（个人20万、招用比例15%/超100人8%）；2021年起借款人承担LPR−150BP以内部分 http://www.uetd.gov.cn/jjjskfq/c119889/202309/5a66353961dd4a83ab227fff87079b02.shtml [SRC]；郑州：2022-01-01至2022-05-17按LPR−150BP，中央50%/省25%/市25% http://www.yzzsnet.com/news/149693.html [SRC]',
  },
  {
    code: 'CN-2022',
    region: '全国（多地通行口径）',
    effectiveFrom: '2022-05-18',
    effectiveTo: null,
    caps: { individual: '300000.00', small_firm: '4000000.00' },
    partnership: { ofIndividualCapsBp: 11000, cap: '4000000.00' },
    jobUplift: null,
    hiringRatio: { standardBp: 1000, largeFirmBp: 500, largeFirmStaff: 100 },
    maxRenewals: 3,
    noCounterGuaranteeUpTo: '100000.00',
    maxTermMonths: { individual: 36, small_firm: 36 },
    subsidy: { kind: 'PCT_OF_ACTUAL_RATE', shareBp: 5000 },
    rateCapOverLprBp: 150,
    coFunding: CO_FUNDING,
    source: '个人30万、小微企业400万、按实际利率50%贴息、最多展期/续贷3次、招用10%/超100人5% http://hd.bendibao.com/news/202295/10172.shtm [SRC]；≤10万免反担保 http://ccschy.com/techan/187544.html [SRC-2]',
  },
  {
    code: 'SZ-2024-1',
    region: '深圳',
    effectiveFrom: '2024-09-30',
    effectiveTo: null,
    caps: { individual: '300000.00', small_firm: '4000000.00' },
    partnership: { ofIndividualCapsBp: 11000, cap: '4000000.00' },
    jobUplift: { minJobs: 5, individual: '600000.00', small_firm: '5000000.00' },
    hiringRatio: { standardBp: 1000, largeFirmBp: 500, largeFirmStaff: 100 },
    maxRenewals: 3,
    noCounterGuaranteeUpTo: '100000.00',
    maxTermMonths: { individual: 36, small_firm: 36 },
    subsidy: { kind: 'PCT_OF_ACTUAL_RATE', shareBp: 5000 },
    rateCapOverLprBp: 150,
    coFunding: CO_FUNDING,
    source: '深人社规〔2024〕1号：个人30万（带动5人以上就业60万）、小微企业400万（500万） http://fengqipaper.com/u88c47.html [SRC-2]',
  },
];

/** 1-year LPR (%) by effective date. */
export const LPR_1Y: readonly { effectiveFrom: string; ratePct: string }[] = [
  { effectiveFrom: '2020-04-20', ratePct: '3.85' },
  { effectiveFrom: '2021-12-20', ratePct: '3.80' },
  { effectiveFrom: '2022-01-20', ratePct: '3.70' },
  { effectiveFrom: '2022-08-22', ratePct: '3.65' },
  { effectiveFrom: '2023-06-20', ratePct: '3.55' },
  { effectiveFrom: '2023-08-21', ratePct: '3.45' },
  { effectiveFrom: '2024-07-22', ratePct: '3.35' },
  { effectiveFrom: '2024-10-21', ratePct: '3.10' },
  { effectiveFrom: '2025-05-20', ratePct: '3.00' },
];
/** Where the LPR rows come from: the monthly 全国银行间同业拆借中心 announcements [MEM, not re-read here]. */
export const LPR_SOURCE = '全国银行间同业拆借中心 贷款市场报价利率（1年期）公告 [MEM]';

export function lprOn(date: string, table: readonly { effectiveFrom: string; ratePct: string }[] = LPR_1Y): string | undefined {
  return [...table].reverse().find((r) => r.effectiveFrom <= date)?.ratePct;
}

/** The policy in force for a loan issued on `date` in `region` (a regional row wins over the national one). */
export function startupPolicyOn(date: string, region = '全国', policies: readonly StartupLoanPolicy[] = STARTUP_LOAN_POLICIES): StartupLoanPolicy | undefined {
  const inForce = policies.filter((p) => p.effectiveFrom <= date && (p.effectiveTo === null || date < p.effectiveTo));
  return inForce.find((p) => p.region === region) ?? inForce.find((p) => p.region.startsWith('全国'));
}

export interface StartupLoanRequest {
  borrowerType: StartupBorrowerType;
  amount: string;
  termMonths: number;
  /** How many times this loan was renewed before (续贷), 0 for a first loan. */
  renewals: number;
  jobsCreated: number;
  /** Partnerships: the number of partners who each qualify as individuals. */
  partners?: number;
  /** Small firms: staff and new hires from the eligible categories this year. */
  staff?: number;
  newHires?: number;
}

/** The reasons a request does not fit the policy (empty when it does), and whether 反担保 is needed. */
export function checkStartupLoan(policy: StartupLoanPolicy, r: StartupLoanRequest): { reasons: string[]; counterGuaranteeRequired: boolean } {
  return { reasons: startupLoanBreaches(policy, r).map((b) => b.message), counterGuaranteeRequired: compareMoney(r.amount, policy.noCounterGuaranteeUpTo) > 0 };
}

/** Each rule the request breaks, with the request field it concerns. */
export function startupLoanBreaches(policy: StartupLoanPolicy, r: StartupLoanRequest): { field: 'amount' | 'termMonths' | 'renewals' | 'newHires'; message: string }[] {
  const reasons: { field: 'amount' | 'termMonths' | 'renewals' | 'newHires'; message: string }[] = [];
  const uplift = policy.jobUplift && r.jobsCreated >= policy.jobUplift.minJobs ? policy.jobUplift : null;
  const individualCap = uplift?.individual ?? policy.caps.individual;
  const cap =
    r.borrowerType === 'individual'
      ? individualCap
      : r.borrowerType === 'small_firm'
        ? (uplift?.small_firm ?? policy.caps.small_firm)
        : minMoney(scaleMoney(individualCap, (r.partners ?? 0) * policy.partnership.ofIndividualCapsBp), policy.partnership.cap);
  if (compareMoney(r.amount, cap) > 0) reasons.push({ field: 'amount', message: `贷款金额超过上限 ${yuanText(cap)}` });
  const maxTerm = policy.maxTermMonths[r.borrowerType === 'small_firm' ? 'small_firm' : 'individual'];
  if (r.termMonths > maxTerm) reasons.push({ field: 'termMonths', message: `贷款期限超过 ${maxTerm} 个月` });
  if (r.renewals > policy.maxRenewals) reasons.push({ field: 'renewals', message: `续贷贴息最多 ${policy.maxRenewals} 次` });
  if (r.borrowerType === 'small_firm') {
    const { standardBp, largeFirmBp, largeFirmStaff } = policy.hiringRatio;
    const need = (r.staff ?? 0) > largeFirmStaff ? largeFirmBp : standardBp;
    if ((r.newHires ?? 0) * 10_000 < need * (r.staff ?? 0)) reasons.push({ field: 'newHires', message: `当年新招用符合条件人员未达职工总数的 ${need / 100}%` });
  }
  return reasons;
}

const scaleMoney = (amount: string, bp: number): string => fromFen((toFen(amount) * BigInt(bp)) / 10_000n);
const minMoney = (a: string, b: string) => (compareMoney(a, b) <= 0 ? a : b);
