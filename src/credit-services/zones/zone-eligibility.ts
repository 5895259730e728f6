import type { EntityType } from '../../enterprises/market-entity.js';
import { TECH_LIST_LABELS, TECH_LISTS, type TechList } from '../../ingestion/categories/tech-lists-labels.js';
import type { ZoneEligibility } from './zone.js';

/** GB/T 4754-2017 门类 A (农、林、牧、渔业): the 大类 names the register carries as `industry`. */
export const AGRICULTURAL_INDUSTRIES: ReadonlySet<string> = new Set(['农业', '林业', '畜牧业', '渔业', '农、林、牧、渔专业及辅助性活动']);

/** 涉农: a farmers' cooperative, or a register industry in 门类 A. */
export function ruralEligibility(entity: { entityType: EntityType; industry: string | null }): ZoneEligibility {
  if (entity.entityType === 'farmer_cooperative') return { eligible: true, basis: ['农民专业合作社'] };
  if (entity.industry && AGRICULTURAL_INDUSTRIES.has(entity.industry)) return { eligible: true, basis: [`所属行业：${entity.industry}`] };
  return { eligible: false, basis: [entity.industry ? `所属行业“${entity.industry}”不属于农、林、牧、渔业` : '登记信息中没有所属行业'] };
}

/** 科技贷专区: on at least one of the tech lists on the day asked. */
export function techEligibility(lists: readonly TechList[]): ZoneEligibility {
  if (lists.length === 0) return { eligible: false, basis: [`未列入${TECH_LISTS.map((l) => TECH_LIST_LABELS[l]).join('、')}名单（或认定已过期）`] };
  return { eligible: true, basis: lists.map((l) => `已列入${TECH_LIST_LABELS[l]}名单`) };
}
