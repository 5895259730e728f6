import { IP_TYPE_LABELS } from '@server/ingestion/categories/intellectual-property-labels';
import { JUDICIAL_ROLE_LABELS } from '@server/ingestion/categories/judicial-labels';
import { TAX_TYPE_LABELS } from '@server/ingestion/categories/tax-payments-labels';
import { TECH_LIST_LABELS } from '@server/ingestion/categories/tech-lists-labels';
import { UTILITY_LABELS } from '@server/ingestion/categories/utilities-labels';

/**
 * The option codes that are part of credit-record keys (税种, 知识产权类型, 执行名单类型, 科技企业名单,
 * 费用类型), named by the data categories' own labels.
 */
const KEY_CODE_LABELS: Record<string, string> = { ...TAX_TYPE_LABELS, ...IP_TYPE_LABELS, ...JUDICIAL_ROLE_LABELS, ...TECH_LIST_LABELS, ...UTILITY_LABELS };

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
