import { z } from 'zod';
import type { RejectionReason } from '../port.js';
import type { SimStepInput } from './script.js';

/**
 * How a simulated bank decides (模拟银行的审批方式). `manual`: the bank's system only receives the
 * application; its officers accept and decide in the platform's web workbench. `automatic`: the
 * bank's system reads the applicant's authorised profile through the platform's consent-gated API
 * with its own machine client (so the read is in the access log), applies its knockouts and
 * prices within the product's range, `decisionDelayMs` after the submission.
 */
export const bankPolicySchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('manual') }).strict(),
  z
    .object({
      mode: z.literal('automatic'),
      /** The platform's base URL, e.g. `https://xyd.example`. */
      platformUrl: z.url(),
      /** A machine client of the bank holding `profile:read` and `products:read`. */
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
      decisionDelayMs: z.number().int().min(0).max(3_600_000).default(500),
    })
    .strict(),
]);
export type BankPolicy = z.infer<typeof bankPolicySchema>;
export type BankPolicyInput = z.input<typeof bankPolicySchema>;

export interface ProductTerms {
  minAmount: string;
  maxAmount: string;
  minTermMonths: number;
  maxTermMonths: number;
  /** Annual %, decimal string. */
  minRate: string;
  maxRate: string;
}

export type IndicatorValue = string | number | boolean | null;

export interface DecisionInputs {
  requested: { amount: string; termMonths: number };
  product: ProductTerms;
  /** Indicator code → value, from every section of the profile the bank was allowed to read. */
  indicators: ReadonlyMap<string, IndicatorValue>;
  /** Shanghai business date of the decision, `YYYY-MM-DD`. */
  today: string;
}

export type Decision =
  | { kind: 'decline'; reason: RejectionReason; note: string }
  | { kind: 'approve'; amount: string; rate: string; termMonths: number; note: string };

/** The highest risk score; a score of `MAX_POINTS` prices at the product's cap. */
const MAX_POINTS = 6;
const TAX_GRADE_POINTS: Record<string, number> = { A: 0, B: 1, M: 2, C: 3 };

const cents = (amount: string): bigint => {
  const [whole = '0', fraction = ''] = amount.trim().split('.');
  return BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
};
const yuan = (c: bigint): string => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
/** A rate (annual %) in hundredths of a percent, rounded up (a floor) or down (a cap). */
const hundredths = (rate: string, round: 'up' | 'down'): number => {
  const tenThousandths = Math.round(Number(rate) * 10_000);
  return round === 'up' ? Math.ceil(tenThousandths / 100) : Math.floor(tenThousandths / 100);
};

function minusMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const num = (v: IndicatorValue | undefined): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : 0);

/**
 * The knockouts, each from a section the bank reads: 信用名单 (严重失信主体名单), 司法 (失信被执行人),
 * 登记 (吊销、注销、迁出), 纳税 (arrears in the latest period, grade D). The first that applies
 * declines, with its reason in words the applicant reads.
 */
function knockout(i: ReadonlyMap<string, IndicatorValue>): Decision | undefined {
  if (i.get('on_serious_dishonesty_list') === true) {
    const lists = i.get('current_list_types');
    return { kind: 'decline', reason: 'POLICY_NOT_MET', note: `企业列入严重失信主体名单${lists ? `（${String(lists)}）` : ''}，按本行准入政策不予授信` };
  }
  if (i.get('dishonest_executed_person') === true) {
    return { kind: 'decline', reason: 'POLICY_NOT_MET', note: '企业为失信被执行人，按本行准入政策不予授信' };
  }
  const status = i.get('registration_status');
  if (status === '吊销' || status === '注销' || status === '迁出') {
    return { kind: 'decline', reason: 'POLICY_NOT_MET', note: `企业登记状态为“${status}”，不具备借款主体资格` };
  }
  if (num(i.get('tax_arrears_latest')) > 0) {
    return { kind: 'decline', reason: 'INSUFFICIENT_REPAYMENT_CAPACITY', note: `企业最近所属期欠税 ${String(i.get('tax_arrears_latest'))} 元，请结清后再申请` };
  }
  if (i.get('latest_tax_grade') === 'D') {
    return { kind: 'decline', reason: 'LOW_CREDIT_SCORE', note: '企业纳税信用等级为 D 级，按本行准入政策不予授信' };
  }
  return undefined;
}

/**
 * Risk points (0–6) from the sections read: tax grade (A 0, B 1, M 2, C 3, none 2), an
 * administrative penalty within 12 months (+2) or else within 36 (+1), open enforcement cases
 * (+2), social-security arrears in 12 months (+1), utility bills paid on time below 90 % (+1).
 */
export function riskPoints(i: ReadonlyMap<string, IndicatorValue>, today: string): { points: number; notes: string[] } {
  const notes: string[] = [];
  const grade = i.get('latest_tax_grade');
  let points = typeof grade === 'string' && grade in TAX_GRADE_POINTS ? TAX_GRADE_POINTS[grade]! : 2;
  notes.push(typeof grade === 'string' ? `纳税信用 ${grade} 级` : '无纳税信用等级');
  const lastPenalty = i.get('latest_penalty_date');
  if (typeof lastPenalty === 'string' && lastPenalty > minusMonths(today, 12)) {
    points += 2;
    notes.push('近12个月有行政处罚');
  } else if (num(i.get('penalties_36_months')) > 0) {
    points += 1;
    notes.push('近36个月有行政处罚');
  }
  if (num(i.get('open_execution_cases')) > 0) {
    points += 2;
    notes.push('有未结执行案件');
  }
  if (num(i.get('social_security_arrears_months_last_12')) > 0) {
    points += 1;
    notes.push('近12个月社保欠费');
  }
  const onTime = i.get('utility_on_time_rate');
  if (onTime !== null && onTime !== undefined && num(onTime) < 90) {
    points += 1;
    notes.push('水电气按时缴费率低于90%');
  }
  return { points: Math.min(points, MAX_POINTS), notes };
}

/**
 * The automatic bank's decision. Approval amount: the request capped at the product's maximum
 * (halved to whole 1,000 元, not below the product's minimum, at 4 risk points or more), never
 * above the request; below the product's minimum it declines. Term: the request clamped to the
 * product's range. Rate: floor + (cap − floor) × points / 6 in hundredths of a percent, the floor
 * rounded up and the cap down, so it never leaves [floor, cap].
 */
export function decideAutomatically({ requested, product, indicators, today }: DecisionInputs): Decision {
  const out = knockout(indicators);
  if (out) return out;
  const asked = cents(requested.amount);
  if (asked < cents(product.minAmount)) {
    return { kind: 'decline', reason: 'POLICY_NOT_MET', note: `申请金额低于产品最低额度 ${product.minAmount} 元` };
  }
  let amount = asked < cents(product.maxAmount) ? asked : cents(product.maxAmount);
  const { points, notes } = riskPoints(indicators, today);
  if (points >= 4) {
    const halved = (amount / 2n / 100_000n) * 100_000n;
    amount = halved > cents(product.minAmount) ? halved : cents(product.minAmount);
    notes.push('风险较高，核减额度');
  }
  const termMonths = Math.min(Math.max(requested.termMonths, product.minTermMonths), product.maxTermMonths);
  const floor = hundredths(product.minRate, 'up');
  const cap = hundredths(product.maxRate, 'down');
  const rate = floor > cap ? product.minRate : ((floor + Math.floor(((cap - floor) * points) / MAX_POINTS)) / 100).toFixed(2);
  return { kind: 'approve', amount: yuan(amount), rate, termMonths, note: `自动审批：${notes.join('，')}` };
}

/** What the bank's system does at once with a new application, before it decides. */
export const OPENING_STEPS: readonly SimStepInput[] = [{ event: 'accepted', afterMs: 0 }, { event: 'under_review', afterMs: 20 }];

/** The steps a decision plays: declined with its reason, or approved, signed and disbursed in full. */
export function stepsFor(decision: Decision): SimStepInput[] {
  if (decision.kind === 'decline') return [{ event: 'rejected', reason: decision.reason, note: decision.note }];
  return [
    { event: 'approved', amount: decision.amount, rate: decision.rate, termMonths: decision.termMonths },
    { event: 'contracted', afterMs: 20 },
    { event: 'disbursed', afterMs: 20 },
  ];
}

/** Indicator code → value over every section of a gated profile's `data`. */
export function indicatorsOf(data: unknown): Map<string, IndicatorValue> {
  const found = new Map<string, IndicatorValue>();
  if (typeof data !== 'object' || data === null) return found;
  for (const section of Object.values(data)) {
    const list = typeof section === 'object' && section !== null ? (section as { indicators?: unknown }).indicators : undefined;
    if (!Array.isArray(list)) continue;
    for (const item of list as { code?: unknown; value?: unknown }[]) {
      if (typeof item?.code === 'string') found.set(item.code, (item.value ?? null) as IndicatorValue);
    }
  }
  return found;
}
