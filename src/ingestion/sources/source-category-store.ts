import type { DbOrTrx } from '../../db/database.js';

export interface SourceCategories {
  institutionId: string;
  code: string;
  name: string;
  categories: string[];
}

/** The categories each data-source department may deliver (`data_source_categories`). */
export interface SourceCategoryStore {
  /** Every data-source department, with its categories (sorted). */
  list(tx: DbOrTrx): Promise<SourceCategories[]>;
  find(tx: DbOrTrx, institutionId: string): Promise<SourceCategories | undefined>;
  has(tx: DbOrTrx, institutionId: string, category: string): Promise<boolean>;
  /** The department that holds `category`, other than `except`. */
  holder(tx: DbOrTrx, category: string, except: string): Promise<{ institutionId: string; name: string } | undefined>;
  replace(tx: DbOrTrx, institutionId: string, categories: readonly string[]): Promise<void>;
}

const departments = (tx: DbOrTrx) =>
  tx('institutions as i')
    .leftJoin('data_source_categories as c', 'c.institution_id', 'i.id')
    .where('i.type', 'data_source')
    .groupBy('i.id', 'i.code', 'i.name')
    .orderBy('i.code')
    .select('i.id as institutionId', 'i.code', 'i.name', tx.raw(`coalesce(array_agg(c.category order by c.category) filter (where c.category is not null), '{}') as categories`));

export const sourceCategoryStore: SourceCategoryStore = {
  async list(tx) {
    return (await departments(tx)) as SourceCategories[];
  },
  async find(tx, institutionId) {
    return (await departments(tx).where('i.id', institutionId).first()) as SourceCategories | undefined;
  },
  async has(tx, institutionId, category) {
    return (await tx('data_source_categories').where({ institution_id: institutionId, category }).first('category')) !== undefined;
  },
  async holder(tx, category, except) {
    return (await tx('data_source_categories as c')
      .join('institutions as i', 'i.id', 'c.institution_id')
      .where('c.category', category)
      .whereNot('c.institution_id', except)
      .first('i.id as institutionId', 'i.name')) as { institutionId: string; name: string } | undefined;
  },
  async replace(tx, institutionId, categories) {
    await tx('data_source_categories').where({ institution_id: institutionId }).whereNotIn('category', categories).delete();
    if (categories.length) {
      await tx('data_source_categories')
        .insert(categories.map((category) => ({ institution_id: institutionId, category })))
        .onConflict(['institution_id', 'category'])
        .ignore();
    }
  },
};
