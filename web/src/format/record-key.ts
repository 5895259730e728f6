import { TECH_LIST_LABELS } from './guarantee-labels';

/**
 * The option codes that are part of credit-record keys (税种, 知识产权类型, 执行名单类型, 科技企业名单,
 * 费用类型), named as the data categories' templates name them.
 */
const KEY_CODE_LABELS: Record<string, string> = {
  vat: '增值税',
  corporate_income: '企业所得税',
  individual_income_withheld: '个人所得税（代扣代缴）',
  consumption: '消费税',
  urban_maintenance: '城市维护建设税',
  stamp: '印花税',
  property: '房产税',
  land_use: '城镇土地使用税',
  other: '其他税费',
  invention_patent: '发明专利',
  utility_model: '实用新型专利',
  design_patent: '外观设计专利',
  trademark: '注册商标',
  software_copyright: '软件著作权',
  executed_person: '被执行人',
  dishonest_executed_person: '失信被执行人',
  ...TECH_LIST_LABELS,
  water: '水',
  electricity: '电',
  gas: '燃气',
};

const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/**
 * A credit record's key as people read it: the parts joined by "|" without the enterprise's and
 * the authority's credit codes (the page names them already), option codes in words —
 * "91…|2024-12|vat" → "2024-12 · 增值税". Empty for a key that is only the enterprise's code.
 */
export function recordKeyText(recordKey: string): string {
  return recordKey
    .split('|')
    .filter((part) => part !== '' && !USCC.test(part))
    .map((part) => KEY_CODE_LABELS[part] ?? part)
    .join(' · ');
}

/** "纳税缴款 · 2024-12 · 增值税"; the category alone when the key names nothing more. */
export function recordText(categoryLabel: string, recordKey: string): string {
  const key = recordKeyText(recordKey);
  return key ? `${categoryLabel} · ${key}` : categoryLabel;
}
