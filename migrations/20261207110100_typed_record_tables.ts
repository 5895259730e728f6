import type { Knex } from 'knex';

/**
 * Every category but the register (social security, provident fund, utilities, import/export,
 * penalties, permits, tax grades, judicial, credit lists, honours, intellectual property,
 * commitment breaches, real estate, R&D, tech lists) moves out of the wide `credit_records`
 * table into typed tables like `tax_payment_records` (issue #15; docs/decisions/0043):
 * `<category>_records`, the payload's fields as columns named in
 * snake_case, the natural key as primary key (`collate "C"`; plus an index on the USCC where the
 * key does not start with it, for profile reads), the repair status,
 * 异议中, and the batch provenance (`batch_id`, `first_batch_id`; source, format version and
 * receipt times are read from `ingestion_batches`). Penalties and permits keep their 双公示
 * timeliness (`published_on_time`); penalties their 公示截止期 (`publicity_end`, a payload field).
 *
 * - `id` comes from the `credit_records` sequence; stored rows move over with their ids, status,
 *   disputed mark and batches, so events, history, profile usage and objections keep naming them.
 *   A batch a stored row names but `ingestion_batches` lacks (data written around the ingestion
 *   service) is made from the row's own provenance first, as for tax payments.
 * - A trigger per table copies replaced values, as the schema's payload, into
 *   `credit_record_history` with their batch's provenance, only when a value really changes.
 * - `all_credit_records` is every record as one relation (the columns the feed and the
 *   oversight views read, the payload rebuilt as the schema writes it); the oversight views
 *   that counted `credit_records` now count it.
 *
 * The column list below is this migration's own frozen copy (a migration imports nothing of src).
 */
type Type = 'uscc' | 'month' | 'date' | 'text' | 'money' | 'wan' | 'int' | 'bool';
interface Field { field: string; column: string; type: Type; optional: boolean }
interface Category { category: string; fields: Field[]; key: string[]; businessDate: string; publicityEnd?: boolean; publishedOnTime?: boolean }

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const fields = (spec: string): Field[] =>
  spec.trim().split(/\s+/).map((item) => {
    const [field, raw = 'text'] = item.split(':') as [string, string?];
    return { field, column: snake(field), type: raw.replace('?', '') as Type, optional: raw.endsWith('?') };
  });
const MONTH_START = `(t.period || '-01')::date`;

const MOVED: Category[] = [
  { category: 'social_security', fields: fields('uscc:uscc period:month insuredHeadcount:int contributionBase:money amountDue:money amountPaid:money arrearsAmount:money'), key: ['uscc', 'period'], businessDate: MONTH_START },
  { category: 'provident_fund', fields: fields('uscc:uscc period:month depositHeadcount:int amountPaid:money arrearsAmount:money'), key: ['uscc', 'period'], businessDate: MONTH_START },
  { category: 'utilities', fields: fields('uscc:uscc utilityType accountNo period:month amount:money paidOnTime:bool arrearsAmount:money'), key: ['utilityType', 'accountNo', 'period'], businessDate: MONTH_START },
  { category: 'import_export', fields: fields('uscc:uscc period:month customsGrade importValue:money exportValue:money'), key: ['uscc', 'period'], businessDate: MONTH_START },
  {
    category: 'penalties',
    fields: fields(`uscc:uscc subjectName legalRepresentative:text? decisionDocNo violationType violationFacts penaltyBasis penaltyCategory
      penaltyContent fineAmountWan:wan confiscatedAmountWan:wan licenceSuspended:text? decisionDate:date validUntil:date? publicityEnd:date
      authority authorityUscc:uscc dataSourceUnit:text? dataSourceUscc:uscc? remarks:text?`),
    key: ['authorityUscc', 'decisionDocNo'], businessDate: 't.decision_date', publicityEnd: true, publishedOnTime: true,
  },
  {
    category: 'permits',
    fields: fields(`uscc:uscc subjectName legalRepresentative:text? decisionDocName decisionDocNo permitCategory certificateName:text?
      permitNo:text? content decisionDate:date validFrom:date validTo:date? authority authorityUscc:uscc currentStatus
      dataSourceUnit:text? dataSourceUscc:uscc? remarks:text?`),
    key: ['authorityUscc', 'decisionDocNo'], businessDate: 't.decision_date', publishedOnTime: true,
  },
  { category: 'tax_grades', fields: fields('uscc:uscc year:int grade publishedOn:date'), key: ['uscc', 'year'], businessDate: 't.published_on' },
  { category: 'judicial', fields: fields('uscc:uscc caseNo court role caseCause:text? filedOn:date amount:money caseStatus closedOn:date?'), key: ['uscc', 'caseNo', 'role'], businessDate: 't.filed_on' },
  { category: 'credit_lists', fields: fields('uscc:uscc listType listingAuthority authorityUscc:uscc listedOn:date reason removedOn:date?'), key: ['authorityUscc', 'uscc', 'listType', 'listedOn'], businessDate: 't.listed_on' },
  { category: 'honours', fields: fields('uscc:uscc kind title authority awardedOn:date amount:money? validTo:date?'), key: ['uscc', 'authority', 'title', 'awardedOn'], businessDate: 't.awarded_on' },
  { category: 'intellectual_property', fields: fields('uscc:uscc ipType registrationNo title grantedOn:date validTo:date? pledged:bool'), key: ['ipType', 'registrationNo'], businessDate: 't.granted_on' },
  { category: 'commitment_breaches', fields: fields('uscc:uscc commitmentNo kind commitmentText committedOn:date checkingAuthority authorityUscc:uscc breachFinding foundOn:date'), key: ['authorityUscc', 'commitmentNo'], businessDate: 't.found_on' },
  { category: 'real_estate', fields: fields('uscc:uscc certificateNo unitNo rightType use area:money registeredOn:date mortgaged:bool seized:bool'), key: ['uscc', 'unitNo'], businessDate: 't.registered_on' },
  { category: 'rnd', fields: fields('uscc:uscc year:int designation designatedYear:int? rndExpense:money superDeduction:money rndStaff:int'), key: ['uscc', 'year'], businessDate: 'make_date(t.year, 12, 31)' },
  { category: 'tech_lists', fields: fields('uscc:uscc list listedOn:date expiresOn:date? authority certificateNo:text?'), key: ['uscc', 'list'], businessDate: 't.listed_on' },
];
const TAX: Category = { category: 'tax_payments', fields: fields('uscc:uscc period:month taxType amountPaid:money arrearsAmount:money'), key: ['uscc', 'period', 'taxType'], businessDate: MONTH_START };

const SQL_TYPES: Record<Type, string> = {
  uscc: 'char(18)', month: 'char(7)', date: 'date', text: 'text', money: 'numeric(18,2)', wan: 'numeric(22,6)', int: 'integer', bool: 'boolean',
};
const table = (c: Category) => (c.category === 'tax_payments' ? 'tax_payment_records' : `${c.category}_records`);
const keyColumns = (c: Category) => c.key.map(snake);
const valueColumns = (c: Category) => c.fields.map((f) => f.column).filter((col) => !keyColumns(c).includes(col));
/** The payload as the category schema writes it, from the row alias `alias`. */
const payload = (c: Category, alias: string) => {
  const value = (f: Field) => (f.type === 'money' || f.type === 'wan' ? `${alias}.${f.column}::text` : f.type === 'date' ? `to_char(${alias}.${f.column}, 'YYYY-MM-DD')` : `${alias}.${f.column}`);
  const pairs = c.fields.map((f) => `'${f.field}', ${value(f)}`).join(', ');
  return c.fields.some((f) => f.optional) ? `jsonb_strip_nulls(jsonb_build_object(${pairs}))` : `jsonb_build_object(${pairs})`;
};
const recordKey = (c: Category, alias: string) =>
  c.key.map((field) => (c.fields.find((f) => f.field === field)!.type === 'date' ? `to_char(${alias}.${snake(field)}, 'YYYY-MM-DD')` : `${alias}.${snake(field)}::text`)).join(` || '|' || `);
/** The payload field's value from a `credit_records` payload. */
const fromPayload = (f: Field) => (f.type === 'bool' ? `(payload->'${f.field}')::boolean` : `(payload->>'${f.field}')::${SQL_TYPES[f.type]}`);

function createTable(c: Category): string {
  const keys = keyColumns(c);
  const columns = c.fields.map((f) =>
    `${f.column} ${SQL_TYPES[f.type]}${keys.includes(f.column) ? ' collate "C"' : ''}${f.optional ? '' : ' not null'}`.replace('integer collate "C"', 'integer').replace('date collate "C"', 'date'));
  return `create table ${table(c)} (
    id bigint not null default nextval('credit_records_id_seq'),
    ${columns.join(',\n    ')},${c.publishedOnTime ? '\n    published_on_time boolean,' : ''}
    status text not null default 'active' check (status in ('active', 'repaired', 'withdrawn')),
    status_changed_at timestamptz,
    disputed boolean not null default false,
    batch_id uuid not null,
    first_batch_id uuid not null,
    primary key (${keys.join(', ')})
  )`;
}

const history = (c: Category) => [
  `create function ${table(c)}_keep_history() returns trigger language plpgsql as $$
  begin
    insert into credit_record_history (record_id, format_version, payload, source_institution_id, batch_id, received_at)
    select old.id, b.format_version, ${payload(c, 'old')}, b.institution_id, old.batch_id, b.received_at
    from ingestion_batches b where b.id = old.batch_id;
    return new;
  end $$`,
  `create trigger ${table(c)}_history before update on ${table(c)}
  for each row when ((${valueColumns(c).map((col) => `old.${col}`).join(', ')}) is distinct from (${valueColumns(c).map((col) => `new.${col}`).join(', ')}))
  execute function ${table(c)}_keep_history()`,
];

const VIEW_COLUMNS = 'id, category, record_key, uscc, payload, business_date, publicity_end, published_on_time, status, status_changed_at, disputed, batch_id, first_batch_id';
const typedView = (c: Category) => `select t.id, '${c.category}'::text, ${recordKey(c, 't')}, t.uscc, ${payload(c, 't')}, ${c.businessDate},
    ${c.publicityEnd ? 't.publicity_end' : 'null::date'}, ${c.publishedOnTime ? 't.published_on_time' : 'null::boolean'},
    t.status, t.status_changed_at, t.disputed, t.batch_id, t.first_batch_id from ${table(c)} t`;
const ALL_RECORDS = `create view all_credit_records (${VIEW_COLUMNS}) as
  select ${VIEW_COLUMNS} from credit_records
  union all
  ${[TAX, ...MOVED].map(typedView).join('\n  union all\n  ')}`;

const counts = (from: string) => `with rnd as (
        select uscc, (payload->>'year')::int as year, payload->>'designation' <> 'none' as designated
        from ${from} where category = 'rnd' and status = 'active'),
      firms as (select uscc, bool_or(designated) as designated, max(year) as latest from rnd group by uscc)
      select 'tax_payments' as category, count(*)::bigint as records from tax_payment_records where status = 'active'
      union all
      select 'utilities:' || (payload->>'utilityType'), count(*)::bigint from ${from}
        where category = 'utilities' and status = 'active' group by payload->>'utilityType'
      union all
      select category, count(*)::bigint from ${from} where status = 'active' and category not in ('utilities', 'tax_payments') group by category
      union all
      select 'rnd:designated', count(*)::bigint from firms where designated
      union all
      select 'rnd:reported', count(*)::bigint from firms where designated and latest = (select max(year) from rnd)`;
const publicity = (from: string) => `select to_char(business_date, 'YYYY-MM') as month, category, count(*)::int as total,
        (count(*) filter (where published_on_time))::int as on_time
      from ${from} where category in ('permits', 'penalties') and business_date is not null and status <> 'withdrawn'
      group by 1, 2`;

async function recreateOversight(knex: Knex, from: string): Promise<void> {
  await knex.raw('drop materialized view oversight_record_counts');
  await knex.raw(`create materialized view oversight_record_counts as ${counts(from)}`);
  await knex.raw('create unique index oversight_record_counts_key on oversight_record_counts (category)');
  await knex.raw('drop materialized view oversight_publicity');
  await knex.raw(`create materialized view oversight_publicity as ${publicity(from)}`);
  await knex.raw('create unique index oversight_publicity_key on oversight_publicity (month, category)');
}

export async function up(knex: Knex): Promise<void> {
  const moved = MOVED.map((c) => `'${c.category}'`).join(', ');
  for (const [batch, receivedAt] of [['batch_id', 'received_at'], ['first_batch_id', 'first_received_at']] as const) {
    await knex.raw(`
      insert into ingestion_batches (id, institution_id, category, format_version, channel, file_format, status, received_at, completed_at)
      select distinct on (r.${batch}) r.${batch}, r.source_institution_id, r.category, r.format_version, 'api', 'jsonl', 'completed', r.${receivedAt}, r.${receivedAt}
      from credit_records r
      where r.category in (${moved}) and not exists (select 1 from ingestion_batches b where b.id = r.${batch})
      order by r.${batch}, r.${receivedAt}`);
  }
  for (const c of MOVED) {
    await knex.raw(createTable(c));
    // Profiles read records by USCC: a key that does not start with it needs its own index.
    if (c.key[0] !== 'uscc') await knex.raw(`create index ${table(c)}_uscc on ${table(c)} (uscc)`);
    for (const statement of history(c)) await knex.raw(statement);
    const columns = [...c.fields.map((f) => f.column), ...(c.publishedOnTime ? ['published_on_time'] : [])];
    await knex.raw(`
      insert into ${table(c)} (id, ${columns.join(', ')}, status, status_changed_at, disputed, batch_id, first_batch_id)
      select id, ${[...c.fields.map(fromPayload), ...(c.publishedOnTime ? ['published_on_time'] : [])].join(', ')},
        status, status_changed_at, disputed, batch_id, first_batch_id
      from credit_records where category = '${c.category}'`);
  }
  await knex.raw(`delete from credit_records where category in (${moved})`);
  await knex.raw(ALL_RECORDS);
  await recreateOversight(knex, 'all_credit_records');
}

export async function down(knex: Knex): Promise<void> {
  await recreateOversight(knex, 'credit_records');
  await knex.raw('drop view all_credit_records');
  for (const c of MOVED) {
    await knex.raw(`
      insert into credit_records (id, category, record_key, uscc, format_version, payload, business_date, publicity_end, published_on_time,
        status, status_changed_at, disputed, source_institution_id, batch_id, received_at, first_batch_id, first_received_at)
      select t.id, '${c.category}', ${recordKey(c, 't')}, t.uscc, b.format_version, ${payload(c, 't')}, ${c.businessDate},
        ${c.publicityEnd ? 't.publicity_end' : 'null'}, ${c.publishedOnTime ? 't.published_on_time' : 'null'},
        t.status, t.status_changed_at, t.disputed, b.institution_id, t.batch_id, b.received_at, t.first_batch_id, f.received_at
      from ${table(c)} t join ingestion_batches b on b.id = t.batch_id join ingestion_batches f on f.id = t.first_batch_id`);
    await knex.raw(`drop table ${table(c)}`);
    await knex.raw(`drop function ${table(c)}_keep_history()`);
  }
}
