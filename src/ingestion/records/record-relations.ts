import { CATEGORIES } from '../category-registry.js';
import { typedTableOf } from './typed-categories.js';

/**
 * The one place that says where each category's records live in SQL, for set-based readers
 * (the profile assembler in SQL). A category is a relation with typed columns named as the
 * snake_case of its payload fields (`insuredHeadcount` → `insured_headcount`), plus the record's
 * own columns `id, uscc, status, status_changed_at, disputed, batch_id, first_batch_id` and
 * `publicity_end, published_on_time`; and the derived columns every reader needs: `record_key`,
 * `business_date`, `source_institution_id`, `source_name`, `received_at`.
 *
 * Every category but the register is its typed table (docs/decisions/0043), provenance from the
 * batch. The register stays in `credit_records`; set-based readers use none of its payload
 * fields (the entity itself comes from REGISTER_RELATION).
 */
const REGISTER_RECORDS = `(select r.id, r.uscc, r.status, r.status_changed_at, r.disputed, r.batch_id, r.first_batch_id, r.publicity_end,
     r.published_on_time, r.record_key, r.business_date, r.source_institution_id, i.name as source_name, r.received_at
   from credit_records r left join institutions i on i.id = r.source_institution_id
   where r.category = 'register')`;

/** Every category of the catalogue, as a SQL relation (a parenthesised subselect to alias). */
export function categoryRelation(category: string): string {
  if (category === 'register') return REGISTER_RECORDS;
  const typed = typedTableOf(category);
  if (!typed) throw new Error(`no SQL relation for category ${category}`);
  return typed.relation;
}

export const RELATION_CATEGORIES: readonly string[] = CATEGORIES.map((c) => c.category);

/** The market-entity register (市场主体登记) as set-based readers join it, by `uscc`. */
export const REGISTER_RELATION = 'market_entities';
