import type { Db, DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { findCategory } from '../category-registry.js';
import type { SourceCategories, SourceCategoryStore } from './source-category-store.js';

/** The category only the market-supervision department feeds: it is the register registration is checked against. */
const REGISTER = 'register';

/**
 * Which categories each data-source department may deliver, kept as data and set by the admin.
 * A department delivers only what it holds; the market-entity register has exactly one source.
 */
export class SourceCategoryService {
  constructor(private readonly deps: { db: Db; transaction: TransactionRunner; store: SourceCategoryStore }) {}

  list(): Promise<SourceCategories[]> {
    return this.deps.store.list(this.deps.db);
  }

  /** Replaces a department's categories (all known, the register only if no other department holds it). */
  async set(institutionId: string, categories: readonly string[]): Promise<SourceCategories> {
    return this.deps.transaction((tx) => this.setIn(tx, institutionId, categories));
  }

  /** `set` inside the caller's transaction (onboarding a department applies its categories with it). */
  async setIn(tx: DbOrTrx, institutionId: string, categories: readonly string[]): Promise<SourceCategories> {
    const wanted = [...new Set(categories)].sort();
    for (const category of wanted) findCategory(category);
    if (!(await this.deps.store.find(tx, institutionId))) throw notFound('INSTITUTION_NOT_FOUND', '未找到该数据源部门');
    if (wanted.includes(REGISTER)) {
      const holder = await this.deps.store.holder(tx, REGISTER, institutionId);
      if (holder) {
        throw conflict('REGISTER_SOURCE_TAKEN', `市场主体登记信息只能由市场监管部门一个部门报送，目前由“${holder.name}”报送；请先取消其授权`, [
          { field: 'categories', code: 'REGISTER_SOURCE_TAKEN', message: `登记信息已由“${holder.name}”报送` },
        ]);
      }
    }
    await this.deps.store.replace(tx, institutionId, wanted);
    return (await this.deps.store.find(tx, institutionId))!;
  }

  async categoriesOf(institutionId: string, tx: DbOrTrx = this.deps.db): Promise<string[]> {
    return (await this.deps.store.find(tx, institutionId))?.categories ?? [];
  }

  /** Refuses a delivery of a category the department does not hold. */
  async assertMayDeliver(institutionId: string, category: string): Promise<void> {
    if (!(await this.deps.store.has(this.deps.db, institutionId, category))) {
      throw forbidden('CATEGORY_NOT_GRANTED', `本部门未获准报送“${findCategory(category).label}”数据；如需报送，请联系平台运营人员开通`);
    }
  }
}
