import { CATEGORIES } from '../category-registry.js';
import { TAX_PAYMENT_FROM, TAX_PAYMENTS } from './tax-payment-records.js';

/**
 * The one place that says where each category's records live in SQL, for set-based readers
 * (the profile assembler in SQL). A category is a relation with typed columns named as the
 * snake_case of its payload fields (`insuredHeadcount` → `insured_headcount`), plus the record's
 * own columns `id, uscc, status, status_changed_at, disputed, batch_id, first_batch_id` and
 * `publicity_end, published_on_time`; and the derived columns every reader needs: `record_key`,
 * `business_date`, `source_institution_id`, `source_name`, `received_at`.
 *
 * Tax payments are their typed table (provenance from the batch). The other categories are still
 * rows of `credit_records` with a jsonb payload: their relation casts the payload fields. When a
 * category moves to its typed table `<category>_records`, only its entry here changes: a
 * subselect like TAX_PAYMENT_RELATION (null `publicity_end`/`published_on_time` where the table
 * has none, the record key and business date from its key fields as the category's format
 * defines them, source and receipt time from its batch).
 */
type FieldType = 'text' | 'month' | 'date' | 'integer' | 'boolean' | 'money' | 'wan' | 'area';

const SQL_TYPES: Record<FieldType, string> = {
  text: 'text',
  month: 'text',
  date: 'date',
  integer: 'integer',
  boolean: 'boolean',
  money: 'numeric(18,2)',
  wan: 'numeric(18,6)',
  area: 'numeric(18,2)',
};

/** The payload fields set-based readers use, by category, with their SQL types. */
const TYPED_FIELDS: Record<string, Record<string, FieldType>> = {
  register: {},
  tax_grades: { year: 'integer', grade: 'text', publishedOn: 'date' },
  social_security: { period: 'month', insuredHeadcount: 'integer', contributionBase: 'money', amountPaid: 'money', arrearsAmount: 'money' },
  provident_fund: { period: 'month', depositHeadcount: 'integer', amountPaid: 'money', arrearsAmount: 'money' },
  utilities: { utilityType: 'text', accountNo: 'text', period: 'month', amount: 'money', paidOnTime: 'boolean', arrearsAmount: 'money' },
  permits: { currentStatus: 'text', decisionDate: 'date', validFrom: 'date', validTo: 'date' },
  penalties: { decisionDate: 'date', fineAmountWan: 'wan' },
  judicial: { role: 'text', caseStatus: 'text', amount: 'money' },
  credit_lists: { listType: 'text', listedOn: 'date', removedOn: 'date' },
  honours: { kind: 'text', title: 'text', amount: 'money' },
  import_export: { period: 'month', customsGrade: 'text', importValue: 'money', exportValue: 'money' },
  intellectual_property: { ipType: 'text', validTo: 'date', pledged: 'boolean' },
  commitment_breaches: { commitmentNo: 'text', foundOn: 'date' },
  real_estate: { area: 'area', mortgaged: 'boolean', seized: 'boolean' },
  rnd: { year: 'integer', designation: 'text', rndExpense: 'money', superDeduction: 'money', rndStaff: 'integer' },
  tech_lists: { list: 'text', listedOn: 'date', expiresOn: 'date' },
};

export const snakeCase = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const RECORD_COLUMNS = `r.id, r.uscc, r.status, r.status_changed_at, r.disputed, r.batch_id, r.first_batch_id, r.publicity_end, r.published_on_time,
  r.record_key, r.business_date, r.source_institution_id, i.name as source_name, r.received_at`;

function payloadRelation(category: string): string {
  const fields = Object.entries(TYPED_FIELDS[category] ?? {}).map(([field, type]) => `(r.payload->>'${field}')::${SQL_TYPES[type]} as ${snakeCase(field)}`);
  return `(select ${[RECORD_COLUMNS, ...fields].join(', ')}
     from credit_records r left join institutions i on i.id = r.source_institution_id
     where r.category = '${category}')`;
}

const TAX_PAYMENT_RELATION = `(select t.id, t.uscc, t.status, t.status_changed_at, t.disputed, t.batch_id, t.first_batch_id,
     null::date as publicity_end, null::boolean as published_on_time,
     t.uscc || '|' || t.period || '|' || t.tax_type as record_key, (t.period || '-01')::date as business_date,
     b.institution_id as source_institution_id, i.name as source_name, b.received_at,
     t.period, t.tax_type, t.amount_paid, t.arrears_amount
   from ${TAX_PAYMENT_FROM})`;

/** Every category of the catalogue, as a SQL relation (a parenthesised subselect to alias). */
export function categoryRelation(category: string): string {
  if (category === TAX_PAYMENTS) return TAX_PAYMENT_RELATION;
  if (!(category in TYPED_FIELDS)) throw new Error(`no SQL relation for category ${category}`);
  return payloadRelation(category);
}

export const RELATION_CATEGORIES: readonly string[] = CATEGORIES.map((c) => c.category);

/** The market-entity register (市场主体登记) as set-based readers join it, by `uscc`. */
export const REGISTER_RELATION = 'market_entities';
