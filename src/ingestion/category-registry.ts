import { notFound } from '../platform/errors.js';
import { commitmentBreachesCategory } from './categories/commitment-breaches.js';
import { creditListsCategory } from './categories/credit-lists.js';
import { honoursCategory } from './categories/honours.js';
import { importExportCategory } from './categories/import-export.js';
import { intellectualPropertyCategory } from './categories/intellectual-property.js';
import { judicialCategory } from './categories/judicial.js';
import { penaltiesCategory } from './categories/penalties.js';
import { permitsCategory } from './categories/permits.js';
import { providentFundCategory } from './categories/provident-fund.js';
import { realEstateCategory } from './categories/real-estate.js';
import { rndCategory } from './categories/rnd.js';
import { registerCategory } from './categories/register.js';
import { socialSecurityCategory } from './categories/social-security.js';
import { taxGradesCategory } from './categories/tax-grades.js';
import { techListsCategory } from './categories/tech-lists.js';
import { taxPaymentsCategory } from './categories/tax-payments.js';
import { utilitiesCategory } from './categories/utilities.js';
import type { CategoryDefinition, FormatVersion } from './format-version.js';

/** The ingestion catalogue (stand-in for DB11/T 2134 Appendix A): every category a source may send. */
export const CATEGORIES: readonly CategoryDefinition[] = [
  registerCategory,
  taxPaymentsCategory,
  taxGradesCategory,
  socialSecurityCategory,
  providentFundCategory,
  utilitiesCategory,
  permitsCategory,
  penaltiesCategory,
  judicialCategory,
  creditListsCategory,
  honoursCategory,
  importExportCategory,
  intellectualPropertyCategory,
  commitmentBreachesCategory,
  realEstateCategory,
  rndCategory,
  techListsCategory,
];

const byName = new Map(CATEGORIES.map((c) => [c.category, c]));

export function findCategory(category: string): CategoryDefinition {
  const found = byName.get(category);
  if (!found) throw notFound('UNKNOWN_CATEGORY', `不支持的数据类别“${category}”`);
  return found;
}

export function findFormat(category: string, version: number): { definition: CategoryDefinition; format: FormatVersion } {
  const definition = findCategory(category);
  const format = definition.formats.find((f) => f.version === version);
  if (!format) {
    throw notFound('UNKNOWN_FORMAT_VERSION', `数据类别“${definition.label}”没有第${version}版报送格式（现有：${definition.formats.map((f) => f.version).join('、')}）`);
  }
  return { definition, format };
}
