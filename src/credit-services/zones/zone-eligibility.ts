import type { EntityType } from '../../enterprises/market-entity.js';
import type { ZoneEligibility } from './zone.js';

/** GB/T 4754-2017 门类 A (农、林、牧、渔业): the 大类 names the register carries as `industry`. */
export const AGRICULTURAL_INDUSTRIES: ReadonlySet<string> = new Set(['农业', '林业', '畜牧业', '渔业', '农、林、牧、渔专业及辅助性活动']);

/** The lists of 科技贷专区, as they arrive as data. */
export const TECH_LISTS = ['tech_sme', 'high_tech', 'specialised'] as const;
export type TechList = (typeof TECH_LISTS)[number];
export const TECH_LIST_LABELS: Record<TechList, string> = {
  tech_sme: '科技型中小企业',
  high_tech: '高新技术企业',
  specialised: '专精特新企业',
};

/**
 * Which tech lists an enterprise is on. A port, so that the source can change without touching
 * the zone: today the 政策支持 designations in the honours category; a dedicated list category
 * can be wired in its place.
 */
export interface TechListPort {
  listsOf(uscc: string): Promise<TechList[]>;
}

/** 涉农: a farmers' cooperative, or a register industry in 门类 A. */
export function ruralEligibility(entity: { entityType: EntityType; industry: string | null }): ZoneEligibility {
  if (entity.entityType === 'farmer_cooperative') return { eligible: true, basis: ['农民专业合作社'] };
  if (entity.industry && AGRICULTURAL_INDUSTRIES.has(entity.industry)) return { eligible: true, basis: [`所属行业：${entity.industry}`] };
  return { eligible: false, basis: [entity.industry ? `所属行业“${entity.industry}”不属于农、林、牧、渔业` : '登记信息中没有所属行业'] };
}

export function techEligibility(lists: readonly TechList[]): ZoneEligibility {
  if (lists.length === 0) return { eligible: false, basis: ['未列入科技型中小企业、高新技术企业或专精特新企业名单'] };
  return { eligible: true, basis: lists.map((l) => `已列入${TECH_LIST_LABELS[l]}名单`) };
}

/** The honours category's 政策支持 titles that name a tech list (e.g. “专精特新中小企业”). */
export function techListsFromTitles(titles: readonly string[]): TechList[] {
  const found = new Set<TechList>();
  for (const title of titles) {
    if (title.includes('专精特新')) found.add('specialised');
    if (title.includes('高新技术企业')) found.add('high_tech');
    if (title.includes('科技型中小企业')) found.add('tech_sme');
  }
  return TECH_LISTS.filter((l) => found.has(l));
}
