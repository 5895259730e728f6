import { selfReportedIndicators, type SelfReportedEntry } from './self-reported-section.js';
import { ENTITY_STATUS_LABELS, ENTITY_TYPE_LABELS, type MarketEntity } from '../enterprises/market-entity.js';
import { CATEGORIES } from '../ingestion/category-registry.js';
import type { CreditRecord } from '../ingestion/records/credit-record.js';
import type { Indicator, IndicatorValue, ProfileSection, ProfileSeries, SourceRecord } from './credit-profile.js';
import { changePercent, sumDecimal } from './decimal-sum.js';
import { realEstateIndicators, rndIndicators, techListIndicators } from './real-estate-rnd-indicators.js';
import { PROFILE_SCOPES, SCOPE_LABELS, type ProfileScope } from '../platform/profile-scopes.js';
import { addDays, addMonths, minusYears, windowFor, type Window } from './profile-window.js';
import { thirdPartyRecords, type ThirdPartyFact } from './third-party-section.js';
import { entityCanon, extrasCanon, inputsHash, recordsCanon } from './inputs-hash.js';

/**
 * Pure profile assembly: from the usable records of one USCC (active, within 公示截止期) and
 * its register entry, the indicators per scope, each with the records it came from. The
 * result also says from which business date it is stale (a time window moves) and the hash
 * of its inputs (inputs-hash.ts). The readable reference: the drain assembles in SQL (set-assembly/), and a
 * property test proves both give identical profiles.
 */
export interface AssembledProfile {
  sections: ProfileSection[];
  usedRecordIds: number[];
  inputsHash: string;
  /** First business date on which the same inputs give different indicators. */
  staleAfter: string;
}

/**
 * Part of the inputs hash: raised when the assembled shape changes, so that a rebuild of
 * unchanged records still writes a new version (2: sections carry monthly series; 3: records carry
 * the 异议中 mark; 4: the `third_party` section; 5: 不动产 and 科技研发 indicators; 6: the
 * `commitments` section; 7: the 科技企业名单 indicator; 8: the hash is sha256 of a canonical text
 * (inputs-hash.ts) that the SQL assembler builds too).
 */
export const ASSEMBLY_VERSION = 8;

const categoryInfo = new Map(CATEGORIES.map((c) => [c.category, c]));

const p = <T>(r: CreditRecord) => r.payload as T;
const ids = (records: readonly CreditRecord[]) => records.map((r) => r.id);

const ind = (code: string, label: string, value: IndicatorValue, unit: string | null, records: readonly CreditRecord[]): Indicator => ({
  code,
  label,
  value,
  unit,
  recordIds: ids(records),
});

const isPositive = (money: string) => /[1-9]/.test(money);

function latestBy<T extends CreditRecord>(records: readonly T[], key: (r: T) => string): T | undefined {
  let best: T | undefined;
  for (const r of records) if (!best || key(r) > key(best)) best = r;
  return best;
}

type Monthly = { period: string };

/** Records of the last 24 months grouped by period, oldest first; `value` folds one month's records. */
function monthlySeries(
  code: string,
  label: string,
  unit: string,
  records: readonly CreditRecord[],
  w: Window,
  value: (month: readonly CreditRecord[]) => string | number,
): ProfileSeries {
  const byPeriod = new Map<string, CreditRecord[]>();
  for (const r of records) {
    const period = p<Monthly>(r).period;
    if (!w.inLast12(period) && !w.inPrevious12(period)) continue;
    byPeriod.set(period, [...(byPeriod.get(period) ?? []), r]);
  }
  const points = [...byPeriod.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([period, month]) => ({ period, value: value(month), recordIds: ids(month) }));
  return { code, label, unit, points };
}

function monthlyCharts(records: readonly CreditRecord[], w: Window): Partial<Record<ProfileScope, ProfileSeries[]>> {
  const amount = (field: string) => (month: readonly CreditRecord[]) => sumDecimal(month.map((r) => p<Record<string, string>>(r)[field] ?? '0'), 2);
  const headcount = (field: string) => (month: readonly CreditRecord[]) => month.reduce((n, r) => n + Number(p<Record<string, number>>(r)[field] ?? 0), 0);
  const bills = byCategory(records, 'utilities');
  const onTime = bills.filter((r) => p<{ paidOnTime: boolean }>(r).paidOnTime);
  const late = bills.filter((r) => !p<{ paidOnTime: boolean }>(r).paidOnTime);
  return {
    tax: [monthlySeries('tax_paid_by_month', '月度纳税额', '元', byCategory(records, 'tax_payments'), w, amount('amountPaid'))],
    social_security: [monthlySeries('insured_headcount_by_month', '参保人数', '人', byCategory(records, 'social_security'), w, headcount('insuredHeadcount'))],
    provident_fund: [monthlySeries('deposit_headcount_by_month', '公积金缴存人数', '人', byCategory(records, 'provident_fund'), w, headcount('depositHeadcount'))],
    utilities: [
      monthlySeries('utility_bills_on_time_by_month', '按时缴清账单', '笔', onTime, w, (month) => month.length),
      monthlySeries('utility_bills_late_by_month', '逾期或欠费账单', '笔', late, w, (month) => month.length),
    ],
  };
}

function byCategory(records: readonly CreditRecord[], category: string) {
  return records.filter((r) => r.category === category);
}

function taxIndicators(records: readonly CreditRecord[], w: Window): Indicator[] {
  type Payment = Monthly & { amountPaid: string; arrearsAmount: string };
  const payments = byCategory(records, 'tax_payments');
  const grades = byCategory(records, 'tax_grades');
  const last12 = payments.filter((r) => w.inLast12(p<Payment>(r).period));
  const prev12 = payments.filter((r) => w.inPrevious12(p<Payment>(r).period));
  const paid12 = sumDecimal(last12.map((r) => p<Payment>(r).amountPaid), 2);
  const paidPrev = sumDecimal(prev12.map((r) => p<Payment>(r).amountPaid), 2);
  const arrears = last12.filter((r) => isPositive(p<Payment>(r).arrearsAmount));
  const latestGrade = latestBy(grades, (r) => String(p<{ year: number }>(r).year).padStart(4, '0'));
  const latestPeriod = latestBy(payments, (r) => p<Payment>(r).period);
  const latestPeriodRecords = latestPeriod ? payments.filter((r) => p<Payment>(r).period === p<Payment>(latestPeriod).period) : [];
  return [
    ind('latest_tax_grade', '最新纳税信用等级', latestGrade ? p<{ grade: string }>(latestGrade).grade : null, null, latestGrade ? [latestGrade] : []),
    ind('latest_tax_grade_year', '评价年度', latestGrade ? p<{ year: number }>(latestGrade).year : null, null, latestGrade ? [latestGrade] : []),
    ind('tax_paid_last_12_months', '近12个月纳税额', paid12, '元', last12),
    ind('tax_paid_previous_12_months', '上年同期12个月纳税额', paidPrev, '元', prev12),
    ind('tax_paid_yoy', '纳税额同比', changePercent(paid12, paidPrev, 2), '%', [...last12, ...prev12]),
    ind('tax_arrears_months_last_12', '近12个月欠税月数', new Set(arrears.map((r) => p<Payment>(r).period)).size, '月', arrears),
    ind('tax_arrears_latest', '最近所属期欠税金额', sumDecimal(latestPeriodRecords.map((r) => p<Payment>(r).arrearsAmount), 2), '元', latestPeriodRecords),
  ];
}

function socialSecurityIndicators(records: readonly CreditRecord[], w: Window): Indicator[] {
  type Month = Monthly & { insuredHeadcount: number; contributionBase: string; amountDue: string; amountPaid: string; arrearsAmount: string };
  const months = byCategory(records, 'social_security');
  const latest = latestBy(months, (r) => p<Month>(r).period);
  const last12 = months.filter((r) => w.inLast12(p<Month>(r).period));
  const yearAgo = latest ? months.find((r) => p<Month>(r).period === addMonths(p<Month>(latest).period, -12)) : undefined;
  const paid = last12.filter((r) => !isPositive(p<Month>(r).arrearsAmount));
  const arrears = last12.filter((r) => isPositive(p<Month>(r).arrearsAmount));
  const now = latest ? p<Month>(latest).insuredHeadcount : null;
  const before = yearAgo ? p<Month>(yearAgo).insuredHeadcount : null;
  const trend = now === null || before === null ? null : now > before ? 'up' : now < before ? 'down' : 'flat';
  return [
    ind('insured_headcount', '参保人数（最近月份）', now, '人', latest ? [latest] : []),
    ind('insured_headcount_year_ago', '参保人数（12个月前）', before, '人', yearAgo ? [yearAgo] : []),
    ind('insured_headcount_trend', '参保人数趋势', trend, null, [...(latest ? [latest] : []), ...(yearAgo ? [yearAgo] : [])]),
    ind('contribution_base_latest', '缴费基数合计（最近月份）', latest ? p<Month>(latest).contributionBase : null, '元', latest ? [latest] : []),
    ind('social_security_months_paid_last_12', '近12个月足额缴费月数', paid.length, '月', paid),
    ind('social_security_arrears_months_last_12', '近12个月欠费月数', arrears.length, '月', arrears),
  ];
}

function providentFundIndicators(records: readonly CreditRecord[], w: Window): Indicator[] {
  type Month = Monthly & { depositHeadcount: number; amountPaid: string; arrearsAmount: string };
  const months = byCategory(records, 'provident_fund');
  const latest = latestBy(months, (r) => p<Month>(r).period);
  const last12 = months.filter((r) => w.inLast12(p<Month>(r).period));
  const paid = last12.filter((r) => !isPositive(p<Month>(r).arrearsAmount));
  const arrears = last12.filter((r) => isPositive(p<Month>(r).arrearsAmount));
  return [
    ind('deposit_headcount', '公积金缴存人数（最近月份）', latest ? p<Month>(latest).depositHeadcount : null, '人', latest ? [latest] : []),
    ind('provident_fund_months_paid_last_12', '近12个月正常缴存月数', paid.length, '月', paid),
    ind('provident_fund_arrears_months_last_12', '近12个月欠缴月数', arrears.length, '月', arrears),
  ];
}

function utilityIndicators(records: readonly CreditRecord[], w: Window): Indicator[] {
  type Bill = Monthly & { utilityType: string; accountNo: string; paidOnTime: boolean; arrearsAmount: string };
  const bills = byCategory(records, 'utilities').filter((r) => w.inLast12(p<Bill>(r).period));
  const onTime = bills.filter((r) => p<Bill>(r).paidOnTime);
  const latestPerAccount = new Map<string, CreditRecord>();
  for (const r of bills) {
    const key = `${p<Bill>(r).utilityType}|${p<Bill>(r).accountNo}`;
    const seen = latestPerAccount.get(key);
    if (!seen || p<Bill>(r).period > p<Bill>(seen).period) latestPerAccount.set(key, r);
  }
  const latest = [...latestPerAccount.values()];
  const rate = bills.length ? ((onTime.length * 1000) / bills.length / 10).toFixed(1) : null;
  return [
    ind('utility_bills_last_12', '近12个月水电气账单数', bills.length, '笔', bills),
    ind('utility_paid_on_time_last_12', '近12个月按时缴清账单数', onTime.length, '笔', onTime),
    ind('utility_on_time_rate', '按时缴费率', rate, '%', bills),
    ind('utility_arrears_latest', '当前水电气欠费', sumDecimal(latest.map((r) => p<Bill>(r).arrearsAmount), 2), '元', latest),
  ];
}

function permitIndicators(records: readonly CreditRecord[], w: Window): Indicator[] {
  type Permit = { currentStatus: string; validFrom: string; validTo?: string };
  const permits = byCategory(records, 'permits');
  const valid = permits.filter((r) => {
    const x = p<Permit>(r);
    return x.currentStatus === 'valid' && x.validFrom <= w.asOf && (!x.validTo || x.validTo >= w.asOf);
  });
  const horizon = addDays(w.asOf, 90);
  const expiring = valid.filter((r) => {
    const to = p<Permit>(r).validTo;
    return to !== undefined && to <= horizon;
  });
  return [
    ind('permits_valid', '有效行政许可数', valid.length, '项', valid),
    ind('permits_expiring_90_days', '90天内到期的许可数', expiring.length, '项', expiring),
    ind('permits_total', '行政许可总数', permits.length, '项', permits),
  ];
}

function penaltyIndicators(records: readonly CreditRecord[], w: Window): Indicator[] {
  type Penalty = { decisionDate: string; fineAmountWan: string };
  const since = minusYears(w.asOf, 3);
  const recent = byCategory(records, 'penalties').filter((r) => p<Penalty>(r).decisionDate > since);
  const latest = latestBy(recent, (r) => p<Penalty>(r).decisionDate);
  return [
    ind('penalties_36_months', '近36个月行政处罚次数', recent.length, '次', recent),
    ind('penalty_fines_36_months', '近36个月罚款金额', sumDecimal(recent.map((r) => p<Penalty>(r).fineAmountWan), 6), '万元', recent),
    ind('latest_penalty_date', '最近一次处罚日期', latest ? p<Penalty>(latest).decisionDate : null, null, latest ? [latest] : []),
  ];
}

function judicialIndicators(records: readonly CreditRecord[]): Indicator[] {
  type Case = { role: string; caseStatus: string; amount: string };
  const open = byCategory(records, 'judicial').filter((r) => p<Case>(r).caseStatus === 'open');
  const dishonest = open.filter((r) => p<Case>(r).role === 'dishonest_executed_person');
  return [
    ind('open_execution_cases', '未结执行案件数', open.length, '件', open),
    ind('open_execution_amount', '未结执行标的合计', sumDecimal(open.map((r) => p<Case>(r).amount), 2), '元', open),
    ind('dishonest_executed_person', '是否失信被执行人', dishonest.length > 0, null, dishonest),
  ];
}

function creditListIndicators(records: readonly CreditRecord[], w: Window): Indicator[] {
  type Listing = { listType: string; listedOn: string; removedOn?: string };
  const listings = byCategory(records, 'credit_lists');
  const current = listings.filter((r) => {
    const x = p<Listing>(r);
    return x.listedOn <= w.asOf && (!x.removedOn || x.removedOn > w.asOf);
  });
  return [
    ind('on_serious_dishonesty_list', '是否在严重失信主体名单中', current.length > 0, null, current),
    ind('current_list_types', '当前所在名单', current.length ? current.map((r) => p<Listing>(r).listType).join('；') : null, null, current),
    ind('listings_total', '历史列入次数', listings.length, '次', listings),
  ];
}

function commitmentIndicators(records: readonly CreditRecord[]): Indicator[] {
  const breaches = byCategory(records, 'commitment_breaches');
  return [ind('commitment_breaches', '违背信用承诺', breaches.length, '次', breaches)];
}

function honourIndicators(records: readonly CreditRecord[]): Indicator[] {
  type Honour = { kind: string; title: string; amount?: string };
  const all = byCategory(records, 'honours');
  const honours = all.filter((r) => p<Honour>(r).kind === 'honour');
  const support = all.filter((r) => p<Honour>(r).kind === 'policy_support');
  return [
    ind('honours_count', '荣誉表彰数', honours.length, '项', honours),
    ind('honour_titles', '荣誉表彰', honours.length ? honours.map((r) => p<Honour>(r).title).join('；') : null, null, honours),
    ind('policy_support_count', '政策支持项数', support.length, '项', support),
    ind('policy_support_amount', '政策支持资金合计', sumDecimal(support.map((r) => p<Honour>(r).amount ?? '0.00'), 2), '元', support),
  ];
}

function importExportIndicators(records: readonly CreditRecord[], w: Window): Indicator[] {
  type Month = Monthly & { customsGrade: string; importValue: string; exportValue: string };
  const months = byCategory(records, 'import_export');
  const last12 = months.filter((r) => w.inLast12(p<Month>(r).period));
  const latest = latestBy(months, (r) => p<Month>(r).period);
  return [
    ind('customs_grade', '海关信用等级', latest ? p<Month>(latest).customsGrade : null, null, latest ? [latest] : []),
    ind('import_value_last_12', '近12个月进口额', sumDecimal(last12.map((r) => p<Month>(r).importValue), 2), '元', last12),
    ind('export_value_last_12', '近12个月出口额', sumDecimal(last12.map((r) => p<Month>(r).exportValue), 2), '元', last12),
  ];
}

function ipIndicators(records: readonly CreditRecord[], w: Window): Indicator[] {
  type Ip = { ipType: string; validTo?: string; pledged: boolean };
  const valid = byCategory(records, 'intellectual_property').filter((r) => {
    const to = p<Ip>(r).validTo;
    return !to || to >= w.asOf;
  });
  const of = (...types: string[]) => valid.filter((r) => types.includes(p<Ip>(r).ipType));
  const pledged = valid.filter((r) => p<Ip>(r).pledged);
  return [
    ind('invention_patents', '有效发明专利', of('invention_patent').length, '件', of('invention_patent')),
    ind('other_patents', '有效实用新型及外观设计专利', of('utility_model', 'design_patent').length, '件', of('utility_model', 'design_patent')),
    ind('trademarks', '注册商标', of('trademark').length, '件', of('trademark')),
    ind('software_copyrights', '软件著作权', of('software_copyright').length, '件', of('software_copyright')),
    ind('pledged_ip', '已质押知识产权', pledged.length, '件', pledged),
  ];
}

function registerIndicators(entity: MarketEntity | undefined, records: readonly CreditRecord[]): Indicator[] {
  if (!entity) return [];
  const register = byCategory(records, 'register');
  return [
    ind('entity_name', '市场主体名称', entity.name, null, register),
    ind('entity_type', '市场主体类型', ENTITY_TYPE_LABELS[entity.entityType], null, register),
    ind('registration_status', '登记状态', ENTITY_STATUS_LABELS[entity.status], null, register),
    ind('established_on', '成立日期', entity.establishedOn, null, register),
    ind('registered_capital', '注册资本', entity.registeredCapital, '元', register),
    ind('industry', '所属行业', entity.industry, null, register),
    ind('district_code', '所属区县代码', entity.districtCode, null, register),
  ];
}

function sourceOf(r: CreditRecord): SourceRecord {
  return {
    id: r.id,
    category: r.category,
    categoryLabel: categoryInfo.get(r.category)?.label ?? r.category,
    recordKey: r.recordKey,
    businessDate: r.businessDate,
    sourceInstitutionId: r.sourceInstitutionId,
    sourceName: r.sourceName,
    batchId: r.batchId,
    receivedAt: new Date(r.receivedAt).toISOString(),
    publishedOnTime: r.publishedOnTime,
    underObjection: r.disputed,
  };
}

/**
 * The first business date on which a penalty decided on `decisionDate` is out of the 36-month
 * window (`decisionDate > asOf − 3 years`, compared as text): the same day three years on, and
 * for a 29 February (three years on is never a leap year) 1 March.
 */
export function thirtySixMonthsOn(decisionDate: string): string {
  const year = Number(decisionDate.slice(0, 4)) + 3;
  return decisionDate.slice(5) === '02-29' ? `${year}-03-01` : `${year}${decisionDate.slice(4)}`;
}

/** Dates after `asOf` on which an indicator would change without any new record. */
function boundaries(records: readonly CreditRecord[], asOf: string): string[] {
  const dates = [`${addMonths(asOf.slice(0, 7), 1)}-01`];
  for (const r of records) {
    const x = r.payload as Record<string, string | undefined>;
    if (r.publicityEnd) dates.push(addDays(r.publicityEnd, 1));
    if (r.category === 'penalties' && x.decisionDate) dates.push(thirtySixMonthsOn(x.decisionDate));
    if (r.category === 'permits') {
      if (x.validFrom) dates.push(x.validFrom);
      // Valid through validTo; expiring from the day validTo is within 90 days (validTo − 90).
      if (x.validTo) dates.push(addDays(x.validTo, 1), addDays(x.validTo, -90));
    }
    if (r.category === 'credit_lists') {
      if (x.listedOn) dates.push(x.listedOn);
      if (x.removedOn) dates.push(x.removedOn);
    }
    if (r.category === 'intellectual_property' && x.validTo) dates.push(addDays(x.validTo, 1));
  }
  return dates.filter((d) => d > asOf);
}

/** `selfReported`: the enterprise's 自愿填报 items; `thirdParty`: commercial provider facts, for the `third_party` section only (none when omitted). */
type AssemblyInput = {
  uscc: string;
  asOf: string;
  entity: MarketEntity | undefined;
  records: readonly CreditRecord[];
  selfReported?: readonly SelfReportedEntry[];
  thirdParty?: readonly ThirdPartyFact[];
};

export function assembleProfile(input: AssemblyInput): AssembledProfile {
  const { asOf, entity, records, selfReported = [] } = input;
  const w = windowFor(asOf);
  const thirdParty = thirdPartyRecords(records, input.thirdParty ?? []);
  const indicators: Record<ProfileScope, Indicator[]> = {
    register: registerIndicators(entity, records),
    tax: taxIndicators(records, w),
    social_security: socialSecurityIndicators(records, w),
    provident_fund: providentFundIndicators(records, w),
    utilities: utilityIndicators(records, w),
    permits: [...permitIndicators(records, w), ...realEstateIndicators(records)],
    penalties: penaltyIndicators(records, w),
    judicial: judicialIndicators(records),
    credit_lists: creditListIndicators(records, w),
    honours: honourIndicators(records),
    import_export: importExportIndicators(records, w),
    intellectual_property: [...ipIndicators(records, w), ...rndIndicators(records), ...techListIndicators(records)],
    commitments: commitmentIndicators(records),
    self_reported: selfReportedIndicators(selfReported),
    third_party: [ind('third_party_facts', '第三方补充信息', thirdParty.length, '条', [])],
  };
  const charts = monthlyCharts(records, w);
  const sections = PROFILE_SCOPES.map((scope) => ({
    scope,
    label: SCOPE_LABELS[scope],
    indicators: indicators[scope],
    series: charts[scope] ?? [],
    records: records.filter((r) => categoryInfo.get(r.category)?.scope === scope).map(sourceOf),
    ...(scope === 'third_party' ? { thirdParty } : {}),
  }));
  const usedRecordIds = [
    ...new Set(sections.flatMap((s) => [...s.indicators.flatMap((i) => i.recordIds), ...s.series.flatMap((c) => c.points.flatMap((x) => x.recordIds))])),
  ].sort((a, b) => a - b);
  const hash = inputsHash({
    assembly: ASSEMBLY_VERSION,
    asOf,
    entity: entityCanon(entity),
    records: recordsCanon(records),
    extras: extrasCanon(selfReported, input.thirdParty ?? []),
  });
  const staleAfter = boundaries(records, asOf).sort()[0]!;
  return { sections, usedRecordIds, inputsHash: hash, staleAfter };
}
