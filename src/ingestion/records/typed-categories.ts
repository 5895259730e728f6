import { typedRecordTable, type FieldType, type TypedCategory, type TypedField, type TypedRecordTable } from './typed-record-table.js';

/**
 * The categories stored in typed tables (docs/decisions/0043), one descriptor each: the
 * payload's fields as `name:type` (`?` when the schema makes the field optional), in the
 * schema's order, and how the schema's mapping derives the record key and business date.
 * The register stays in `credit_records` (its payload has a `status` field, and it is small).
 */
const TYPES = new Set<FieldType>(['uscc', 'month', 'date', 'text', 'money', 'wan', 'int', 'bool']);

function fields(spec: string): TypedField[] {
  return spec.trim().split(/\s+/).map((item) => {
    const [name, rawType = 'text'] = item.split(':') as [string, string?];
    const optional = rawType.endsWith('?');
    const type = rawType.replace('?', '') as FieldType;
    if (!TYPES.has(type)) throw new Error(`unknown field type ${rawType} of ${name}`);
    return optional ? { field: name, type, optional } : { field: name, type };
  });
}

const MONTH_START = `(t.period || '-01')::date`;

export const TYPED_CATEGORIES: readonly TypedCategory[] = [
  {
    category: 'tax_payments',
    fields: fields('uscc:uscc period:month taxType amountPaid:money arrearsAmount:money'),
    key: ['uscc', 'period', 'taxType'],
    businessDate: MONTH_START,
  },
  {
    category: 'social_security',
    fields: fields('uscc:uscc period:month insuredHeadcount:int contributionBase:money amountDue:money amountPaid:money arrearsAmount:money'),
    key: ['uscc', 'period'],
    businessDate: MONTH_START,
  },
  {
    category: 'provident_fund',
    fields: fields('uscc:uscc period:month depositHeadcount:int amountPaid:money arrearsAmount:money'),
    key: ['uscc', 'period'],
    businessDate: MONTH_START,
  },
  {
    category: 'utilities',
    fields: fields('uscc:uscc utilityType accountNo period:month amount:money paidOnTime:bool arrearsAmount:money'),
    key: ['utilityType', 'accountNo', 'period'],
    businessDate: MONTH_START,
  },
  {
    category: 'import_export',
    fields: fields('uscc:uscc period:month customsGrade importValue:money exportValue:money'),
    key: ['uscc', 'period'],
    businessDate: MONTH_START,
  },
  {
    category: 'penalties',
    fields: fields(`uscc:uscc subjectName legalRepresentative:text? decisionDocNo violationType violationFacts penaltyBasis penaltyCategory
      penaltyContent fineAmountWan:wan confiscatedAmountWan:wan licenceSuspended:text? decisionDate:date validUntil:date? publicityEnd:date
      authority authorityUscc:uscc dataSourceUnit:text? dataSourceUscc:uscc? remarks:text?`),
    key: ['authorityUscc', 'decisionDocNo'],
    businessDate: 't.decision_date',
    ends: 't.publicity_end',
    publicityEnd: true,
    publishedOnTime: true,
  },
  {
    category: 'permits',
    fields: fields(`uscc:uscc subjectName legalRepresentative:text? decisionDocName decisionDocNo permitCategory certificateName:text?
      permitNo:text? content decisionDate:date validFrom:date validTo:date? authority authorityUscc:uscc currentStatus
      dataSourceUnit:text? dataSourceUscc:uscc? remarks:text?`),
    key: ['authorityUscc', 'decisionDocNo'],
    businessDate: 't.decision_date',
    ends: 't.valid_to',
    publishedOnTime: true,
  },
  {
    category: 'tax_grades',
    fields: fields('uscc:uscc year:int grade publishedOn:date'),
    key: ['uscc', 'year'],
    businessDate: 't.published_on',
    ends: 'make_date(t.year + 1, 12, 31)',
  },
  {
    category: 'judicial',
    fields: fields('uscc:uscc caseNo court role caseCause:text? filedOn:date amount:money caseStatus closedOn:date?'),
    key: ['uscc', 'caseNo', 'role'],
    businessDate: 't.filed_on',
    ends: 't.closed_on',
  },
  {
    category: 'credit_lists',
    fields: fields('uscc:uscc listType listingAuthority authorityUscc:uscc listedOn:date reason removedOn:date?'),
    key: ['authorityUscc', 'uscc', 'listType', 'listedOn'],
    businessDate: 't.listed_on',
    ends: 't.removed_on',
  },
  {
    category: 'honours',
    fields: fields('uscc:uscc kind title authority awardedOn:date amount:money? validTo:date?'),
    key: ['uscc', 'authority', 'title', 'awardedOn'],
    businessDate: 't.awarded_on',
    ends: 't.valid_to',
  },
  {
    category: 'intellectual_property',
    fields: fields('uscc:uscc ipType registrationNo title grantedOn:date validTo:date? pledged:bool'),
    key: ['ipType', 'registrationNo'],
    businessDate: 't.granted_on',
    ends: 't.valid_to',
  },
  {
    category: 'commitment_breaches',
    fields: fields('uscc:uscc commitmentNo kind commitmentText committedOn:date checkingAuthority authorityUscc:uscc breachFinding foundOn:date'),
    key: ['authorityUscc', 'commitmentNo'],
    businessDate: 't.found_on',
    // A breach (违诺) is a failing with no end of its own: the longest publication period of 22号 (严重, 3 years).
    ends: `(t.found_on + interval '3 years')::date`,
  },
  {
    category: 'real_estate',
    fields: fields('uscc:uscc certificateNo unitNo rightType use area:money registeredOn:date mortgaged:bool seized:bool'),
    key: ['uscc', 'unitNo'],
    businessDate: 't.registered_on',
  },
  {
    category: 'rnd',
    fields: fields('uscc:uscc year:int designation designatedYear:int? rndExpense:money superDeduction:money rndStaff:int'),
    key: ['uscc', 'year'],
    businessDate: 'make_date(t.year, 12, 31)',
    ends: 'make_date(t.year, 12, 31)',
  },
  {
    category: 'tech_lists',
    fields: fields('uscc:uscc list listedOn:date expiresOn:date? authority certificateNo:text?'),
    key: ['uscc', 'list'],
    businessDate: 't.listed_on',
    ends: 't.expires_on',
  },
];

const tables = new Map<string, TypedRecordTable>(TYPED_CATEGORIES.map((d) => [d.category, typedRecordTable(d)]));

/** The typed table of a category, or undefined for a category still stored in `credit_records`. */
export const typedTableOf = (category: string): TypedRecordTable | undefined => tables.get(category);
export const TYPED_TABLES: readonly TypedRecordTable[] = [...tables.values()];
