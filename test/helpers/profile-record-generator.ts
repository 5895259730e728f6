import { addDays, addMonths } from '../../src/profiles/profile-window.js';
import type { SeededRandom } from '../../src/platform/seeded-random.js';

/**
 * Random credit records of one enterprise around a business date, for the property test of the
 * SQL assembler against the JavaScript reference: every category, with the edges the indicators
 * turn on (month windows, the 36-month window and 29 February, permits expiring, lists removed,
 * 公示截止期, repaired and withdrawn records, disputes, cents, ties in "latest").
 */
export interface GeneratedRecord {
  category: string;
  recordKey: string;
  payload: Record<string, unknown>;
  businessDate: string;
  publicityEnd: string | null;
  publishedOnTime: boolean | null;
  status: 'active' | 'repaired' | 'withdrawn';
  disputed: boolean;
}

export interface GeneratedTaxPayment {
  period: string;
  taxType: string;
  amountPaid: string;
  arrearsAmount: string;
  status: 'active' | 'repaired' | 'withdrawn';
  disputed: boolean;
}

const cents = (rnd: SeededRandom, max: number) => `${rnd.int(0, max)}.${String(rnd.int(0, 99)).padStart(2, '0')}`;
const maybeZero = (rnd: SeededRandom, max: number) => (rnd.chance(0.6) ? '0.00' : cents(rnd, max));
const status = (rnd: SeededRandom) => (rnd.chance(0.85) ? 'active' : rnd.pick(['repaired', 'withdrawn'] as const));

/** A month near the windows' edges: the current month, 11, 12, 23 and 24 months back, or anywhere in 30. */
const month = (rnd: SeededRandom, asOf: string) => addMonths(asOf.slice(0, 7), -(rnd.chance(0.5) ? rnd.pick([0, 1, 11, 12, 13, 23, 24, 25]) : rnd.int(0, 30)));
/** A day near `asOf` ± the given edges, or anywhere within ± 4 years. */
const dayNear = (rnd: SeededRandom, asOf: string, edges: readonly number[]) =>
  rnd.chance(0.6) ? addDays(asOf, rnd.pick(edges) + rnd.int(-1, 1)) : addDays(asOf, rnd.int(-1460, 1460));

export function generateEnterprise(rnd: SeededRandom, uscc: string, asOf: string): { records: GeneratedRecord[]; taxPayments: GeneratedTaxPayment[] } {
  const records: GeneratedRecord[] = [];
  let n = 0;
  const add = (category: string, payload: Record<string, unknown>, businessDate: string, extra: Partial<GeneratedRecord> = {}) =>
    records.push({
      category,
      recordKey: `${uscc}|${category}|${n++}`,
      payload: { uscc, ...payload },
      businessDate,
      publicityEnd: rnd.chance(0.1) ? dayNear(rnd, asOf, [0, -1]) : null,
      publishedOnTime: null,
      status: status(rnd),
      disputed: rnd.chance(0.1),
      ...extra,
    });
  const times = (max: number, f: () => void) => {
    for (let i = rnd.int(0, max); i > 0; i--) f();
  };
  if (rnd.chance(0.7)) add('register', { name: `企业${uscc}` }, '2015-03-01');
  const taxPayments: GeneratedTaxPayment[] = [];
  const taxKeys = new Set<string>();
  times(20, () => {
    const period = month(rnd, asOf);
    const taxType = rnd.pick(['vat', 'cit', 'iit']);
    if (taxKeys.has(`${period}|${taxType}`)) return;
    taxKeys.add(`${period}|${taxType}`);
    taxPayments.push({ period, taxType, amountPaid: cents(rnd, 90_000), arrearsAmount: maybeZero(rnd, 500), status: status(rnd), disputed: rnd.chance(0.1) });
  });
  times(3, () => {
    const year = rnd.int(2022, 2026);
    add('tax_grades', { year, grade: rnd.pick(['A', 'B', 'M', 'C', 'D']), publishedOn: `${year + 1}-04-20` }, `${year + 1}-04-${rnd.pick(['20', '21'])}`);
  });
  times(8, () => {
    const period = month(rnd, asOf);
    add('social_security', { period, insuredHeadcount: rnd.int(1, 60), contributionBase: cents(rnd, 90_000), amountDue: '1.00', amountPaid: cents(rnd, 9000), arrearsAmount: maybeZero(rnd, 300) }, `${period}-01`);
  });
  times(5, () => {
    const period = month(rnd, asOf);
    add('provident_fund', { period, depositHeadcount: rnd.int(1, 40), amountPaid: cents(rnd, 9000), arrearsAmount: maybeZero(rnd, 300) }, `${period}-01`);
  });
  times(10, () => {
    const period = month(rnd, asOf);
    add('utilities', { utilityType: rnd.pick(['water', 'electricity', 'gas']), accountNo: rnd.pick(['A-1', 'A-2']), period, amount: cents(rnd, 900), paidOnTime: rnd.chance(0.7), arrearsAmount: maybeZero(rnd, 90) }, `${period}-01`);
  });
  times(4, () => {
    const validFrom = dayNear(rnd, asOf, [0, -400]);
    const validTo = rnd.chance(0.2) ? undefined : dayNear(rnd, asOf, [0, 90, 89, 91, -1]);
    add('permits', { currentStatus: rnd.chance(0.8) ? 'valid' : 'invalid', decisionDate: validFrom, validFrom, ...(validTo ? { validTo } : {}) }, validFrom, { publishedOnTime: rnd.chance(0.5) });
  });
  times(4, () => {
    const decisionDate = rnd.chance(0.15) ? rnd.pick(['2024-02-29', '2020-02-29', '2023-02-28']) : dayNear(rnd, asOf, [-1095, -1096, -1094, -30]);
    add('penalties', { decisionDate, fineAmountWan: `${rnd.int(0, 50)}.${String(rnd.int(0, 999_999)).padStart(6, '0')}` }, decisionDate, {
      publicityEnd: dayNear(rnd, asOf, [0, -1, 365]),
      publishedOnTime: rnd.chance(0.5),
    });
  });
  times(3, () => add('judicial', { role: rnd.pick(['executed_person', 'dishonest_executed_person']), caseStatus: rnd.pick(['open', 'closed']), amount: cents(rnd, 100_000) }, dayNear(rnd, asOf, [-100])));
  times(3, () => {
    const listedOn = dayNear(rnd, asOf, [0, -300]);
    const removedOn = rnd.chance(0.5) ? dayNear(rnd, asOf, [0, 1, 30]) : undefined;
    add('credit_lists', { listType: rnd.pick(['失信被执行人', '重大税收违法']), listedOn, ...(removedOn ? { removedOn } : {}) }, listedOn);
  });
  times(3, () => {
    const kind = rnd.pick(['honour', 'policy_support']);
    add('honours', { kind, title: `称号${rnd.int(1, 9)}`, ...(rnd.chance(0.7) ? { amount: cents(rnd, 100_000) } : {}) }, dayNear(rnd, asOf, [-200]));
  });
  times(6, () => {
    const period = month(rnd, asOf);
    add('import_export', { period, customsGrade: rnd.pick(['advanced_certified', 'general', 'dishonest']), importValue: cents(rnd, 1e6), exportValue: cents(rnd, 1e6) }, `${period}-01`);
  });
  times(5, () => {
    const validTo = rnd.chance(0.3) ? undefined : dayNear(rnd, asOf, [0, -1]);
    add('intellectual_property', { ipType: rnd.pick(['invention_patent', 'utility_model', 'design_patent', 'trademark', 'software_copyright']), ...(validTo ? { validTo } : {}), pledged: rnd.chance(0.3) }, dayNear(rnd, asOf, [-900]));
  });
  times(2, () => add('commitment_breaches', { commitmentNo: `C${n}`, foundOn: dayNear(rnd, asOf, [-50]) }, dayNear(rnd, asOf, [-50])));
  times(3, () => add('real_estate', { area: cents(rnd, 5000), mortgaged: rnd.chance(0.4), seized: rnd.chance(0.2) }, dayNear(rnd, asOf, [-700])));
  times(3, () => {
    const year = rnd.int(2023, 2025);
    add('rnd', { year, designation: rnd.pick(['tech_sme', 'high_tech', 'specialised', 'little_giant', 'none']), rndExpense: cents(rnd, 1e6), superDeduction: cents(rnd, 1e5), rndStaff: rnd.int(0, 50) }, `${year}-12-31`);
  });
  times(2, () => {
    const listedOn = dayNear(rnd, asOf, [-300]);
    add('tech_lists', { list: rnd.pick(['tech_sme', 'high_tech', 'specialised']), listedOn, ...(rnd.chance(0.5) ? { expiresOn: addDays(listedOn, 1000) } : {}) }, listedOn);
  });
  return { records, taxPayments };
}
