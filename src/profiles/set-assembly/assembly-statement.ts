import { ENTITY_STATUS_LABELS, ENTITY_TYPE_LABELS } from '../../enterprises/market-entity.js';
import { CATEGORIES } from '../../ingestion/category-registry.js';
import { TECH_DESIGNATION_LABELS } from '../../ingestion/categories/rnd.js';
import { TECH_LIST_LABELS } from '../../ingestion/categories/tech-lists-labels.js';
import { categoryRelation, REGISTER_RELATION, RELATION_CATEGORIES } from '../../ingestion/records/record-relations.js';
import { PROFILE_SCOPES, SCOPE_LABELS, type ProfileScope } from '../../platform/profile-scopes.js';
import { ASSEMBLY_VERSION } from '../profile-assembler.js';
import { addDays, addMonths, minusYears } from '../profile-window.js';
import { AGGREGATE_CTES, SERIES } from './category-aggregates.js';

/**
 * The SQL assembler's one statement: the profiles of a set of USCCs on a business date, one row
 * per USCC with the sections (as the JavaScript reference builds them), the record ids the
 * version uses, the inputs hash and the stale-after date. Bindings: see `assemblyBindings`.
 */
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const json = (value: unknown) => `${lit(JSON.stringify(value))}::jsonb`;
const ISO = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const ind = (code: string, label: string, value: string, unit: string | null, ids: string) =>
  `json_build_object('code', ${lit(code)}, 'label', ${lit(label)}, 'value', ${value}, 'unit', ${unit === null ? 'null::text' : lit(unit)}, 'recordIds', ${ids})`;
const ids = (expr: string) => `coalesce(${expr}, '[]'::json)`;
const one = (id: string) => `case when ${id} is null then '[]'::json else json_build_array(${id}) end`;
/** Two single-record lists, one after the other. */
const both = (a: string, b: string) => `coalesce((select json_agg(x) from unnest(array[${a}, ${b}]) as x where x is not null), '[]'::json)`;
const count = (expr: string) => `to_json(coalesce(${expr}, 0))`;
const money = (expr: string, places = 2) => `to_json(coalesce(${expr}, 0)::numeric(38,${places})::text)`;
/** decimal-sum.ts `changePercent` from the truncated hundredths of a percent: rounded half away from zero to tenths. */
const percent = (hundredths: string) => `to_json((select case when r < 0 then '-' else '' end || div(abs(r), 10)::text || '.' || mod(abs(r), 10)::text
  from (select case when ${hundredths} >= 0 then div(${hundredths} + 5, 10) else div(${hundredths} - 5, 10) end as r) x where r is not null))`;

const R = ids('reg.ids');
const INDICATORS: Record<Exclude<ProfileScope, 'self_reported' | 'third_party'>, string> = {
  register: `case when me.uscc is null then '[]'::json else json_build_array(
    ${ind('entity_name', '市场主体名称', 'to_json(me.name)', null, R)},
    ${ind('entity_type', '市场主体类型', `${json(ENTITY_TYPE_LABELS)}->me.entity_type`, null, R)},
    ${ind('registration_status', '登记状态', `${json(ENTITY_STATUS_LABELS)}->me.status`, null, R)},
    ${ind('established_on', '成立日期', "to_json(to_char(me.established_on, 'YYYY-MM-DD'))", null, R)},
    ${ind('registered_capital', '注册资本', 'to_json(me.registered_capital::text)', '元', R)},
    ${ind('industry', '所属行业', 'to_json(me.industry)', null, R)},
    ${ind('district_code', '所属区县代码', 'to_json(me.district_code::text)', null, R)}) end`,
  tax: `json_build_array(
    ${ind('latest_tax_grade', '最新纳税信用等级', 'to_json(tg.grade)', null, one('tg.id'))},
    ${ind('latest_tax_grade_year', '评价年度', 'to_json(tg.year)', null, one('tg.id'))},
    ${ind('tax_paid_last_12_months', '近12个月纳税额', money('tp.paid12'), '元', ids('tp.ids12'))},
    ${ind('tax_paid_previous_12_months', '上年同期12个月纳税额', money('tp.paid_prev'), '元', ids('tp.ids_prev'))},
    ${ind('tax_paid_yoy', '纳税额同比', percent('tp.hundredths'), '%', ids('tp.ids24'))},
    ${ind('tax_arrears_months_last_12', '近12个月欠税月数', count('tp.arrears_months'), '月', ids('tp.arrears_ids'))},
    ${ind('tax_arrears_latest', '最近所属期欠税金额', money('tp.latest_arrears'), '元', ids('tp.latest_ids'))})`,
  social_security: `json_build_array(
    ${ind('insured_headcount', '参保人数（最近月份）', 'to_json(ss.headcount)', '人', one('ss.latest_id'))},
    ${ind('insured_headcount_year_ago', '参保人数（12个月前）', 'to_json(ss.headcount_year_ago)', '人', one('ss.year_ago_id'))},
    ${ind('insured_headcount_trend', '参保人数趋势', `to_json(case when ss.headcount is null or ss.headcount_year_ago is null then null
        when ss.headcount > ss.headcount_year_ago then 'up' when ss.headcount < ss.headcount_year_ago then 'down' else 'flat' end)`, null,
      both('ss.latest_id', 'ss.year_ago_id'))},
    ${ind('contribution_base_latest', '缴费基数合计（最近月份）', 'to_json(ss.contribution_base::text)', '元', one('ss.latest_id'))},
    ${ind('social_security_months_paid_last_12', '近12个月足额缴费月数', count('ss.paid_months'), '月', ids('ss.paid_ids'))},
    ${ind('social_security_arrears_months_last_12', '近12个月欠费月数', count('ss.arrears_months'), '月', ids('ss.arrears_ids'))})`,
  provident_fund: `json_build_array(
    ${ind('deposit_headcount', '公积金缴存人数（最近月份）', 'to_json(pf.headcount)', '人', one('pf.latest_id'))},
    ${ind('provident_fund_months_paid_last_12', '近12个月正常缴存月数', count('pf.paid_months'), '月', ids('pf.paid_ids'))},
    ${ind('provident_fund_arrears_months_last_12', '近12个月欠缴月数', count('pf.arrears_months'), '月', ids('pf.arrears_ids'))})`,
  utilities: `json_build_array(
    ${ind('utility_bills_last_12', '近12个月水电气账单数', count('ut.bills'), '笔', ids('ut.bill_ids'))},
    ${ind('utility_paid_on_time_last_12', '近12个月按时缴清账单数', count('ut.on_time'), '笔', ids('ut.on_time_ids'))},
    ${ind('utility_on_time_rate', '按时缴费率', 'to_json(case when ut.bills > 0 then round(ut.on_time * 100.0 / ut.bills, 1)::text end)', '%', ids('ut.bill_ids'))},
    ${ind('utility_arrears_latest', '当前水电气欠费', money('ut.arrears'), '元', ids('ut.latest_ids'))})`,
  permits: `json_build_array(
    ${ind('permits_valid', '有效行政许可数', count('pm.valid'), '项', ids('pm.valid_ids'))},
    ${ind('permits_expiring_90_days', '90天内到期的许可数', count('pm.expiring'), '项', ids('pm.expiring_ids'))},
    ${ind('permits_total', '行政许可总数', count('pm.total'), '项', ids('pm.ids'))},
    ${ind('real_estate_units', '登记不动产单元数', count('re.units'), '处', ids('re.ids'))},
    ${ind('real_estate_area', '不动产面积合计', money('re.area'), '平方米', ids('re.ids'))},
    ${ind('real_estate_mortgaged', '已抵押不动产', count('re.mortgaged'), '处', ids('re.mortgaged_ids'))},
    ${ind('real_estate_seized', '被查封不动产', count('re.seized'), '处', ids('re.seized_ids'))})`,
  penalties: `json_build_array(
    ${ind('penalties_36_months', '近36个月行政处罚次数', count('pn.recent'), '次', ids('pn.ids'))},
    ${ind('penalty_fines_36_months', '近36个月罚款金额', money('pn.fines', 6), '万元', ids('pn.ids'))},
    ${ind('latest_penalty_date', '最近一次处罚日期', 'to_json(pn.latest_date)', null, one('pn.latest_id'))})`,
  judicial: `json_build_array(
    ${ind('open_execution_cases', '未结执行案件数', count('jd.open'), '件', ids('jd.ids'))},
    ${ind('open_execution_amount', '未结执行标的合计', money('jd.amount'), '元', ids('jd.ids'))},
    ${ind('dishonest_executed_person', '是否失信被执行人', 'to_json(coalesce(jd.dishonest, 0) > 0)', null, ids('jd.dishonest_ids'))})`,
  credit_lists: `json_build_array(
    ${ind('on_serious_dishonesty_list', '是否在严重失信主体名单中', 'to_json(coalesce(cl.current, 0) > 0)', null, ids('cl.current_ids'))},
    ${ind('current_list_types', '当前所在名单', 'to_json(cl.current_types)', null, ids('cl.current_ids'))},
    ${ind('listings_total', '历史列入次数', count('cl.total'), '次', ids('cl.ids'))})`,
  honours: `json_build_array(
    ${ind('honours_count', '荣誉表彰数', count('ho.honours'), '项', ids('ho.honour_ids'))},
    ${ind('honour_titles', '荣誉表彰', 'to_json(ho.titles)', null, ids('ho.honour_ids'))},
    ${ind('policy_support_count', '政策支持项数', count('ho.support'), '项', ids('ho.support_ids'))},
    ${ind('policy_support_amount', '政策支持资金合计', money('ho.support_amount'), '元', ids('ho.support_ids'))})`,
  import_export: `json_build_array(
    ${ind('customs_grade', '海关信用等级', 'to_json(ie.customs_grade)', null, one('ie.latest_id'))},
    ${ind('import_value_last_12', '近12个月进口额', money('ie.imports'), '元', ids('ie.ids12'))},
    ${ind('export_value_last_12', '近12个月出口额', money('ie.exports'), '元', ids('ie.ids12'))})`,
  intellectual_property: `json_build_array(
    ${ind('invention_patents', '有效发明专利', count('ip.inventions'), '件', ids('ip.invention_ids'))},
    ${ind('other_patents', '有效实用新型及外观设计专利', count('ip.other'), '件', ids('ip.other_ids'))},
    ${ind('trademarks', '注册商标', count('ip.trademarks'), '件', ids('ip.trademark_ids'))},
    ${ind('software_copyrights', '软件著作权', count('ip.software'), '件', ids('ip.software_ids'))},
    ${ind('pledged_ip', '已质押知识产权', count('ip.pledged'), '件', ids('ip.pledged_ids'))},
    ${ind('tech_designation', '科技企业认定', `${json(TECH_DESIGNATION_LABELS)}->rd.designation`, null, one('rd.id'))},
    ${ind('rnd_year', '研发数据年度', 'to_json(rd.year)', '年', one('rd.id'))},
    ${ind('rnd_expense', '年度研发费用', 'to_json(rd.expense)', '元', one('rd.id'))},
    ${ind('rnd_super_deduction', '研发费用加计扣除额', 'to_json(rd.super_deduction)', '元', one('rd.id'))},
    ${ind('rnd_staff', '研发人员数', 'to_json(rd.staff)', '人', one('rd.id'))},
    ${ind('tech_lists', '科技企业名单', 'to_json(tl.text)', null, ids('tl.ids'))})`,
  commitments: `json_build_array(${ind('commitment_breaches', '违背信用承诺', count('cb.breaches'), '次', ids('cb.ids'))})`,
};

const EXTRAS = `p.extras->(u.uscc::text)`;

function builtSection(scope: ProfileScope): string {
  const indicators =
    scope === 'self_reported'
      ? `coalesce(${EXTRAS}->'selfReported', '[]'::jsonb)`
      : scope === 'third_party'
        ? `json_build_array(${ind('third_party_facts', '第三方补充信息', 'to_json(coalesce(json_array_length(tpf.facts), 0))', '条', "'[]'::json")})`
        : INDICATORS[scope];
  const series = (SERIES[scope] ?? []).map(
    ([code, label, unit, cte]) => `json_build_object('code', ${lit(code)}, 'label', ${lit(label)}, 'unit', ${lit(unit)}, 'points', coalesce(${cte}.points, '[]'::json))`,
  );
  return `json_build_object('scope', ${lit(scope)}, 'label', ${lit(SCOPE_LABELS[scope])}, 'indicators', ${indicators},
    'series', json_build_array(${series.join(', ')}), 'records', coalesce(rs.${scope}, '[]'::json)
    ${scope === 'third_party' ? `, 'thirdParty', coalesce(tpf.facts, '[]'::json)` : ''})`;
}

/**
 * Exactly when a section equals the empty profile's (EMPTY_SECTIONS): no records (and no register
 * entry, reported items or provider facts where those feed it). Most enterprises have records in
 * few categories, and a version stores only the other sections, so those are the only ones built.
 */
const EMPTY_WHEN: Record<ProfileScope, string> = {
  ...(Object.fromEntries(PROFILE_SCOPES.map((scope) => [scope, `rs.${scope} is null`])) as Record<ProfileScope, string>),
  register: 'rs.register is null and me.uscc is null',
  self_reported: `coalesce(jsonb_array_length(${EXTRAS}->'selfReported'), 0) = 0`,
  third_party: 'tpf.uscc is null',
};

/** The `assembled` column of each section, in assembly order: null where the section is the empty profile's. */
export const SECTION_COLUMNS: readonly string[] = PROFILE_SCOPES.map((scope) => `sec_${scope}`);

const sectionSql = (scope: ProfileScope, ordinal: number) =>
  `case when ${EMPTY_WHEN[scope]} then null else ${builtSection(scope)} end as ${SECTION_COLUMNS[ordinal]}`;

/**
 * The record ids a version cites (its indicators' and its series points'), gathered from the
 * aggregates rather than read back out of the built sections: the id lists (json), the single
 * ids, and the series' records of the last 24 months (bigint[]; tax's are its `ids24`). A list
 * left out is one another covers (a 12-month list within the 24 months, a "latest" within its
 * category's list). The register's ids count only with a register entry, which its indicators
 * need. The property test fails when one is missing.
 */
const CITED_LISTS = [
  'case when me.uscc is null then null else reg.ids end', 'tp.ids24', 'tp.latest_ids', 'ss.paid_ids', 'ss.arrears_ids', 'pf.paid_ids',
  'pf.arrears_ids', 'ut.bill_ids', 'pm.ids', 're.ids', 'pn.ids', 'jd.ids', 'cl.ids', 'ho.honour_ids', 'ho.support_ids', 'ie.ids12',
  'ip.invention_ids', 'ip.other_ids', 'ip.trademark_ids', 'ip.software_ids', 'ip.pledged_ids', 'tl.ids', 'cb.ids',
];
const CITED_IDS = ['tg.id', 'ss.latest_id', 'ss.year_ago_id', 'pf.latest_id', 'ie.latest_id', 'rd.id'];
const CITED_ARRAYS = ['wss.ids', 'wpf.ids', 'wut.ids'];
const USED_IDS = `(select coalesce(array_agg(distinct x order by x), '{}') from (
       select json_array_elements_text(l)::bigint as x from unnest(array[${CITED_LISTS.join(', ')}]::json[]) as l
       union all select unnest(array[${CITED_IDS.join(', ')}]::bigint[])
       union all select unnest(${CITED_ARRAYS.join(' || ')})) y where x is not null)`;

const JOINS: readonly (readonly [string, string])[] = [
  ['a_register', 'reg'], ['a_tax_grades', 'tg'], ['a_tax_payments', 'tp'], ['a_social_security', 'ss'], ['a_provident_fund', 'pf'],
  ['a_utilities', 'ut'], ['a_permits', 'pm'], ['a_real_estate', 're'], ['a_penalties', 'pn'], ['a_judicial', 'jd'], ['a_credit_lists', 'cl'],
  ['a_honours', 'ho'], ['a_import_export', 'ie'], ['a_intellectual_property', 'ip'], ['a_rnd', 'rd'], ['a_tech_lists', 'tl'],
  ['a_commitment_breaches', 'cb'], ['w_social_security', 'wss'], ['w_provident_fund', 'wpf'], ['w_utilities', 'wut'], ['rs', 'rs'], ['rh', 'rh'], ['bnd', 'bnd'], ['tpf', 'tpf'],
  ...Object.values(SERIES).flatMap((list) => list.map(([, , , cte]) => [cte, cte] as const)),
];

const CATEGORY_ROWS = CATEGORIES.map((c) => `(${lit(c.category)}, ${lit(c.scope)}, ${lit(c.label)})`).join(', ');

const RECORDS_UNION = RELATION_CATEGORIES.map(
  (c) => `select uscc, id, ${lit(c)}::text as category, record_key, business_date, publicity_end, published_on_time, status, disputed,
    batch_id, source_institution_id, source_name, ${ISO('received_at')} as received_iso from c_${c}`,
).join('\n  union all ');

/** The CTEs up to `assembled` (one row per USCC: uscc, the SECTION_COLUMNS, used_ids, inputs_hash, stale_after). */
export const ASSEMBLY_CTES = `
u as (select distinct x::char(18) as uscc from jsonb_array_elements_text(?::jsonb) as x),
p as (select ?::date as as_of, ?::text as as_of_text, ?::text as month, ?::text as start12, ?::text as prev_start, ?::date as horizon,
  ?::text as since36, ?::date as next_month, ?::jsonb as extras, ?::text as no_extras, ${json(TECH_LIST_LABELS)} as tech_list_labels,
  array(select uscc from u) as usccs),
cat (category, scope, label) as (values ${CATEGORY_ROWS}),
${RELATION_CATEGORIES.map(
  (c) => `c_${c} as (select r.* from ${categoryRelation(c)} r, p
    where r.uscc = any(p.usccs) and r.status = 'active' and (r.publicity_end is null or r.publicity_end >= p.as_of))`,
).join(',\n')},
recs as (select x.*, k.scope, json_build_object('id', x.id, 'category', x.category, 'categoryLabel', k.label, 'recordKey', x.record_key,
    'businessDate', to_char(x.business_date, 'YYYY-MM-DD'), 'sourceInstitutionId', x.source_institution_id, 'sourceName', x.source_name,
    'batchId', x.batch_id, 'receivedAt', x.received_iso, 'publishedOnTime', x.published_on_time, 'underObjection', x.disputed) as src
  from (${RECORDS_UNION}) x join cat k on k.category = x.category),
rs as (select uscc, ${PROFILE_SCOPES.map((scope) => `json_agg(src order by category, business_date nulls first, id) filter (where scope = ${lit(scope)}) as ${scope}`).join(', ')}
  from recs group by uscc),
rh as (select uscc, string_agg(id::text || ',' || received_iso || ',' || status || ',' || disputed::text, ';' order by id) as canon
  from recs group by uscc),
bnd as (select x.uscc, min(x.d) as d from (
    select uscc, case when to_char(decision_date, 'MM-DD') = '02-29' then make_date(extract(year from decision_date)::integer + 3, 3, 1)
      else (decision_date + interval '3 years')::date end as d from c_penalties
    union all select uscc, valid_from from c_permits
    union all select uscc, valid_to + 1 from c_permits
    union all select uscc, valid_to - 90 from c_permits
    union all select uscc, listed_on from c_credit_lists
    union all select uscc, removed_on from c_credit_lists
    union all select uscc, valid_to + 1 from c_intellectual_property
    union all select uscc, publicity_end + 1 from recs) x, p
  where x.d > p.as_of group by x.uscc),
tpf as (select u.uscc, json_agg(f.fact order by f.ord) as facts
  from u cross join p cross join lateral jsonb_array_elements(${EXTRAS}->'facts') with ordinality as f(fact, ord)
  where not exists (select 1 from recs r where r.uscc = u.uscc and r.category = f.fact->>'category' and r.record_key = f.fact->>'recordKey')
  group by u.uscc),
${AGGREGATE_CTES.join(',\n')},
assembled as (select u.uscc, ${PROFILE_SCOPES.map(sectionSql).join(',\n')},
    least(p.next_month, bnd.d) as stale_after, ${USED_IDS} as used_ids,
    encode(sha256(convert_to(concat_ws('|', '${ASSEMBLY_VERSION}', p.as_of_text,
      case when me.uscc is null then '-' else concat_ws(chr(31), me.name, me.entity_type, me.status, to_char(me.established_on, 'YYYY-MM-DD'),
        me.registered_capital::text, coalesce(me.industry, ''), me.district_code::text) end,
      coalesce(rh.canon, ''), coalesce(${EXTRAS}->>'canon', p.no_extras)), 'UTF8')), 'hex') as inputs_hash
  from u cross join p left join ${REGISTER_RELATION} me on me.uscc = u.uscc
  ${JOINS.map(([cte, alias]) => `left join ${cte}${cte === alias ? '' : ` ${alias}`} on ${alias}.uscc = u.uscc`).join('\n  ')})`;

/** Per USCC: the 自愿填报 indicators and the candidate provider facts (built from their features' services), and their hash part. */
export interface AssemblyExtras {
  selfReported: unknown[];
  facts: unknown[];
  canon: string;
}

/** The bindings of ASSEMBLY_CTES, in order. */
export function assemblyBindings(usccs: readonly string[], asOf: string, extras: ReadonlyMap<string, AssemblyExtras>, noExtras: string): string[] {
  const month = asOf.slice(0, 7);
  return [
    JSON.stringify(usccs),
    asOf,
    asOf,
    month,
    addMonths(month, -11),
    addMonths(month, -23),
    addDays(asOf, 90),
    minusYears(asOf, 3),
    `${addMonths(month, 1)}-01`,
    JSON.stringify(Object.fromEntries(extras)),
    noExtras,
  ];
}
