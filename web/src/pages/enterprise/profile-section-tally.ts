import type { Schemas } from '@/api/schemas';

type Section = Pick<Schemas['CreditProfile']['sections'][number], 'scope' | 'records' | 'indicators'>;

/** 自愿填报 holds what the enterprise filed itself: its items are no department's records. */
const filedByTheEnterprise = (section: Section) => section.scope === 'self_reported';

/** What a section's tab counts: the departments' records, or the items the enterprise filed itself. */
export function sectionCount(section: Section): number {
  return filedByTheEnterprise(section) ? section.indicators.length : section.records.length;
}

/** The line under a section's title: what it rests on, or that nothing has come in. */
export function sectionLead(section: Section): string {
  const count = sectionCount(section);
  if (filedByTheEnterprise(section)) return count ? `本企业自愿填报 ${count} 项，已签署真实性承诺` : '本企业尚未自愿填报';
  return count ? `依据 ${count} 条记录` : '平台尚未收到该类数据';
}

/** The 来源 of one indicator row. */
export function indicatorSource(section: Section, recordCount: number): string {
  if (filedByTheEnterprise(section)) return '本企业自愿填报';
  return recordCount ? `${recordCount} 条记录` : '—';
}
