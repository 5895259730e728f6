import { DEMO_AUTHORITIES } from '../src/demo/demo-credit-records.js';
import type { SeededRandom } from '../src/platform/seeded-random.js';

/**
 * The category families of `bench/ingest`: a CSV file of a category as its department sends it
 * (entity `e` of the bench's enterprises, period or sequence `p`), the department's login, and
 * the baseline table: the file's columns typed, with the category's natural key as unique key.
 */
export interface IngestFamily {
  family: string;
  category: string;
  username: string;
  header: string;
  line(uscc: string, e: number, p: number, random: SeededRandom): string;
  baseline: string;
}

export function month(i: number): string {
  const total = 2024 * 12 + i;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

const money = (random: SeededRandom, max: number) => (random.next() * max).toFixed(2);
const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + (i % 300) * 86_400_000).toISOString().slice(0, 10);
const market = DEMO_AUTHORITIES.market;

export const FAMILIES: readonly IngestFamily[] = [
  {
    family: 'tax',
    category: 'tax_payments',
    username: 'tax_feed',
    header: 'uscc,period,taxType,amountPaid,arrearsAmount',
    line: (uscc, _e, p, random) => `${uscc},${month(p)},增值税,${money(random, 100_000)},${random.chance(0.05) ? money(random, 5_000) : '0.00'}`,
    baseline: `uscc char(18), period text, tax_type text, amount_paid numeric(18,2), arrears_amount numeric(18,2), unique (uscc, period, tax_type)`,
  },
  {
    family: 'social_security',
    category: 'social_security',
    username: 'rsj_feed',
    header: 'uscc,period,insuredHeadcount,contributionBase,amountDue,amountPaid,arrearsAmount',
    line: (uscc, _e, p, random) => {
      const due = money(random, 50_000);
      return `${uscc},${month(p)},${1 + Math.floor(random.next() * 200)},${money(random, 500_000)},${due},${due},${random.chance(0.05) ? money(random, 5_000) : '0.00'}`;
    },
    baseline: `uscc char(18), period text, insured_headcount integer, contribution_base numeric(18,2), amount_due numeric(18,2),
      amount_paid numeric(18,2), arrears_amount numeric(18,2), unique (uscc, period)`,
  },
  {
    family: 'utilities',
    category: 'utilities',
    username: 'credit_feed',
    header: 'uscc,utilityType,accountNo,period,amount,paidOnTime,arrearsAmount',
    line: (uscc, e, p, random) => {
      const late = random.chance(0.05);
      return `${uscc},电,E${String(e).padStart(8, '0')},${month(p)},${money(random, 20_000)},${late ? 'false' : 'true'},${late ? money(random, 2_000) : '0.00'}`;
    },
    baseline: `uscc char(18), utility_type text, account_no text, period text, amount numeric(18,2), paid_on_time boolean,
      arrears_amount numeric(18,2), unique (utility_type, account_no, period)`,
  },
  {
    family: 'penalties',
    category: 'penalties',
    username: 'scjg_feed',
    header: 'uscc,subjectName,decisionDocNo,violationType,violationFacts,penaltyBasis,penaltyCategory,penaltyContent,fineAmountWan,decisionDate,publicityEnd,authority,authorityUscc',
    line: (uscc, e, p, random) =>
      `${uscc},基准企业${e},黄市监罚〔2026〕${p}-${e}号,未按规定公示年度报告,未在规定期限内公示2025年度报告,《企业信息公示暂行条例》第八条,警告,警告并处罚款,${(random.next() * 5).toFixed(4)},${day(p)},2029-12-31,${market.name},${market.uscc}`,
    baseline: `uscc char(18), subject_name text, decision_doc_no text, violation_type text, violation_facts text, penalty_basis text,
      penalty_category text, penalty_content text, fine_amount_wan numeric(22,6), decision_date date, publicity_end date, authority text,
      authority_uscc char(18), unique (authority_uscc, decision_doc_no)`,
  },
];
