import type { ConsentScope } from '@/api/consents-api';
import type { Schemas } from '@/api/schemas';
import { formatWanYuan } from '@/format/money';
import { ENTITY_STATUS_LABELS, ENTITY_TYPE_LABELS } from '@server/enterprises/market-entity';

/** One section of a gated read as the page shows it; `register` also carries the register entry. */
export interface ShownSection {
  scope: ConsentScope;
  indicators: Schemas['ProfileIndicator'][];
  records: number;
  register: Record<string, string> | null;
  /** The `third_party` section's provider facts (第三方数据), each marked as such. */
  thirdParty: Schemas['ProfileThirdPartyRecord'][];
}

/** Commercial data providers by the id their adapter reports. */
const PROVIDER_LABELS: Record<string, string> = { 'simulated-provider': '商业数据服务商（模拟）' };
export const providerLabel = (provider: string): string => PROVIDER_LABELS[provider] ?? '商业数据服务商';

/** The register's own labels, read by the register entry's text (which the gate passes through as stored). */
const ENTITY_STATUS: Record<string, string> = ENTITY_STATUS_LABELS;
const ENTITY_TYPE: Record<string, string> = ENTITY_TYPE_LABELS;

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function registerEntry(section: Record<string, unknown>): Record<string, string> | null {
  if (typeof section.uscc !== 'string') return null;
  const text = (key: string) => (typeof section[key] === 'string' ? (section[key] as string) : '');
  return {
    企业名称: text('name'),
    统一社会信用代码: text('uscc'),
    主体类型: ENTITY_TYPE[text('entityType')] ?? text('entityType'),
    法定代表人: text('legalRepresentative'),
    登记状态: ENTITY_STATUS[text('status')] ?? text('status'),
    成立日期: text('establishedOn'),
    注册资本: text('registeredCapital') ? formatWanYuan(text('registeredCapital')) : '—',
    所属行业: text('industry') || '—',
  };
}

/** The gate's `data` (one object per allowed scope with data) in the order the read was allowed. */
export function shownSections(profile: Schemas['GatedProfile']): ShownSection[] {
  return profile.scopes
    .filter((scope) => scope in profile.data)
    .map((scope) => {
      const section = asObject(profile.data[scope]);
      return {
        scope,
        indicators: Array.isArray(section.indicators) ? (section.indicators as Schemas['ProfileIndicator'][]) : [],
        records: Array.isArray(section.records) ? section.records.length : 0,
        register: scope === 'register' ? registerEntry(section) : null,
        thirdParty: Array.isArray(section.thirdParty) ? (section.thirdParty as Schemas['ProfileThirdPartyRecord'][]) : [],
      };
    });
}
