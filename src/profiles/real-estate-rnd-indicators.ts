import { TECH_DESIGNATION_LABELS } from '../ingestion/categories/rnd.js';
import { TECH_LIST_LABELS, type TechList } from '../ingestion/categories/tech-lists-labels.js';
import type { CreditRecord } from '../ingestion/records/credit-record.js';
import type { Indicator, IndicatorValue } from './credit-profile.js';
import { sumDecimal } from './decimal-sum.js';

/**
 * Indicators of the categories that join an existing scope: 不动产登记 in the `permits`
 * section (certificates the administration issued), 科技研发 and 科技企业名单 in `intellectual_property`.
 */
const ind = (code: string, label: string, value: IndicatorValue, unit: string | null, records: readonly CreditRecord[]): Indicator => ({
  code,
  label,
  value,
  unit,
  recordIds: records.map((r) => r.id),
});

type RealEstate = { area: string; mortgaged: boolean; seized: boolean };
type Rnd = { year: number; designation: keyof typeof TECH_DESIGNATION_LABELS; rndExpense: string; superDeduction: string; rndStaff: number };

export function realEstateIndicators(records: readonly CreditRecord[]): Indicator[] {
  const units = records.filter((r) => r.category === 'real_estate');
  const of = (key: 'mortgaged' | 'seized') => units.filter((r) => (r.payload as RealEstate)[key]);
  return [
    ind('real_estate_units', '登记不动产单元数', units.length, '处', units),
    ind('real_estate_area', '不动产面积合计', sumDecimal(units.map((r) => (r.payload as RealEstate).area), 2), '平方米', units),
    ind('real_estate_mortgaged', '已抵押不动产', of('mortgaged').length, '处', of('mortgaged')),
    ind('real_estate_seized', '被查封不动产', of('seized').length, '处', of('seized')),
  ];
}

/** The latest reported year speaks for the enterprise; the designation is shown by its Chinese name. */
export function rndIndicators(records: readonly CreditRecord[]): Indicator[] {
  let latest: CreditRecord | undefined;
  for (const r of records) if (r.category === 'rnd' && (!latest || (r.payload as Rnd).year > (latest.payload as Rnd).year)) latest = r;
  const x = latest?.payload as Rnd | undefined;
  const from = latest ? [latest] : [];
  return [
    ind('tech_designation', '科技企业认定', x ? TECH_DESIGNATION_LABELS[x.designation] : null, null, from),
    ind('rnd_year', '研发数据年度', x ? x.year : null, '年', from),
    ind('rnd_expense', '年度研发费用', x ? x.rndExpense : null, '元', from),
    ind('rnd_super_deduction', '研发费用加计扣除额', x ? x.superDeduction : null, '元', from),
    ind('rnd_staff', '研发人员数', x ? x.rndStaff : null, '人', from),
  ];
}

type Listing = { list: TechList; listedOn: string; expiresOn?: string };

/**
 * Every listing with its period, so the value does not change with the date (an expired listing
 * shows as such by its end date, and the profile needs no rebuild when it lapses).
 */
export function techListIndicators(records: readonly CreditRecord[]): Indicator[] {
  const listings = records.filter((r) => r.category === 'tech_lists');
  const text = (r: CreditRecord) => {
    const l = r.payload as Listing;
    return `${TECH_LIST_LABELS[l.list]}（${l.listedOn}起${l.expiresOn ? `，有效期至${l.expiresOn}` : ''}）`;
  };
  return [ind('tech_lists', '科技企业名单', listings.length ? listings.map(text).join('；') : null, null, listings)];
}
