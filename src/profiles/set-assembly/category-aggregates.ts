/**
 * The per-category aggregates of the SQL assembler: one CTE per category (or per derived view
 * of one), grouped by USCC, over `c_<category>` (the enterprise's usable records of the category)
 * and `p` (the business date and its windows). Each mirrors one function of the JavaScript
 * reference (profile-assembler.ts): the same filters, the same "latest" with the same tie rule
 * (the first record in reading order, i.e. business date then id), record ids in reading order.
 */
const ORD = 'business_date nulls first, id';
const L12 = 'period between p.start12 and p.month';
const P12 = 'period >= p.prev_start and period < p.start12';
const W24 = 'period between p.prev_start and p.month';

/** Record ids in reading order, of the rows matching `where` (all when omitted); null when none. */
export const idsOf = (where?: string, order = ORD) => `json_agg(id order by ${order})${where ? ` filter (where ${where})` : ''}`;
const first = (expr: string, order: string, where?: string) => `(array_agg(${expr} order by ${order})${where ? ` filter (where ${where})` : ''})[1]`;

/** Monthly series points (period ascending) over the last 24 months: `value` folds one month's rows. */
const points = (name: string, category: string, value: string, where = 'true') => `
  ${name} as (select uscc, json_agg(json_build_object('period', period, 'value', v, 'recordIds', ids) order by period) as points
    from (select c.uscc, c.period, ${value} as v, json_agg(c.id order by c.business_date nulls first, c.id) as ids
          from c_${category} c, p where c.${W24} and (${where}) group by c.uscc, c.period) x
    group by uscc)`;

export const AGGREGATE_CTES: readonly string[] = [
  `a_tax_grades as (select uscc, ${first('grade', `year desc, ${ORD}`)} as grade, ${first('year', `year desc, ${ORD}`)} as year,
     ${first('id', `year desc, ${ORD}`)} as id
   from c_tax_grades group by uscc)`,
  `a_tax_payments as (select x.*, case when coalesce(x.paid_prev, 0) = 0 then null
       else div((coalesce(x.paid12, 0) - x.paid_prev) * 10000, x.paid_prev) end as hundredths
   from (select t.uscc,
       sum(t.amount_paid) filter (where t.${L12}) as paid12, ${idsOf(`t.${L12}`)} as ids12,
       sum(t.amount_paid) filter (where t.${P12}) as paid_prev, ${idsOf(`t.${P12}`)} as ids_prev,
       ${idsOf(`t.${L12} or t.${P12}`, `t.${P12}, t.business_date nulls first, t.id`)} as ids24,
       count(distinct t.period) filter (where t.${L12} and t.arrears_amount <> 0) as arrears_months,
       ${idsOf(`t.${L12} and t.arrears_amount <> 0`)} as arrears_ids,
       sum(t.arrears_amount) filter (where t.period = t.max_period) as latest_arrears, ${idsOf('t.period = t.max_period')} as latest_ids
     from (select c.*, max(c.period) over (partition by c.uscc) as max_period from c_tax_payments c) t, p group by t.uscc) x)`,
  points('s_tax', 'tax_payments', 'sum(c.amount_paid)::numeric(38,2)::text'),
  `a_social_security as (select t.uscc,
       max(t.insured_headcount) filter (where t.rn = 1) as headcount, max(t.id) filter (where t.rn = 1) as latest_id,
       max(t.contribution_base) filter (where t.rn = 1) as contribution_base,
       ${first('t.insured_headcount', ORD, 't.period = t.year_ago')} as headcount_year_ago, ${first('t.id', ORD, 't.period = t.year_ago')} as year_ago_id,
       count(*) filter (where t.${L12} and t.arrears_amount = 0) as paid_months, ${idsOf(`t.${L12} and t.arrears_amount = 0`)} as paid_ids,
       count(*) filter (where t.${L12} and t.arrears_amount <> 0) as arrears_months, ${idsOf(`t.${L12} and t.arrears_amount <> 0`)} as arrears_ids
     from (select c.*, row_number() over (partition by c.uscc order by c.period desc, c.business_date nulls first, c.id) as rn,
             to_char(to_date(max(c.period) over (partition by c.uscc), 'YYYY-MM') - interval '12 months', 'YYYY-MM') as year_ago
           from c_social_security c) t, p group by t.uscc)`,
  points('s_social_security', 'social_security', 'sum(c.insured_headcount)'),
  `a_provident_fund as (select t.uscc,
       max(t.deposit_headcount) filter (where t.rn = 1) as headcount, max(t.id) filter (where t.rn = 1) as latest_id,
       count(*) filter (where t.${L12} and t.arrears_amount = 0) as paid_months, ${idsOf(`t.${L12} and t.arrears_amount = 0`)} as paid_ids,
       count(*) filter (where t.${L12} and t.arrears_amount <> 0) as arrears_months, ${idsOf(`t.${L12} and t.arrears_amount <> 0`)} as arrears_ids
     from (select c.*, row_number() over (partition by c.uscc order by c.period desc, c.business_date nulls first, c.id) as rn from c_provident_fund c) t, p
     group by t.uscc)`,
  points('s_provident_fund', 'provident_fund', 'sum(c.deposit_headcount)'),
  // The latest bill per account (type and number) in the last 12 months, listed in the order the
  // accounts first appear.
  `a_utilities as (select t.uscc, count(*) as bills, ${idsOf(undefined, 't.pos')} as bill_ids,
       count(*) filter (where t.paid_on_time) as on_time, ${idsOf('t.paid_on_time', 't.pos')} as on_time_ids,
       sum(t.arrears_amount) filter (where t.account_rn = 1) as arrears, ${idsOf('t.account_rn = 1', 't.account_pos')} as latest_ids
     from (select x.*, min(x.pos) over (partition by x.uscc, x.utility_type, x.account_no) as account_pos,
             row_number() over (partition by x.uscc, x.utility_type, x.account_no order by x.period desc, x.pos) as account_rn
           from (select c.*, row_number() over (partition by c.uscc order by c.business_date nulls first, c.id) as pos
                 from c_utilities c, p where c.${L12}) x) t
     group by t.uscc)`,
  points('s_utilities_on_time', 'utilities', 'count(*)', 'c.paid_on_time'),
  // The records of the monthly series (the last 24 months), which a version cites beside its indicators' (tax: a_tax_payments.ids24).
  ...['social_security', 'provident_fund', 'utilities'].map((c) => `w_${c} as (select c.uscc, array_agg(c.id) as ids from c_${c} c, p where c.${W24} group by c.uscc)`),
  points('s_utilities_late', 'utilities', 'count(*)', 'not c.paid_on_time'),
  `a_permits as (select c.uscc, count(*) as total, ${idsOf()} as ids,
       count(*) filter (where v.valid) as valid, ${idsOf('v.valid')} as valid_ids,
       count(*) filter (where v.valid and c.valid_to <= p.horizon) as expiring, ${idsOf('v.valid and c.valid_to <= p.horizon')} as expiring_ids
     from c_permits c cross join p
       cross join lateral (select c.current_status = 'valid' and c.valid_from <= p.as_of and (c.valid_to is null or c.valid_to >= p.as_of) as valid) v
     group by c.uscc)`,
  `a_real_estate as (select uscc, count(*) as units, ${idsOf()} as ids, sum(area) as area,
       count(*) filter (where mortgaged) as mortgaged, ${idsOf('mortgaged')} as mortgaged_ids,
       count(*) filter (where seized) as seized, ${idsOf('seized')} as seized_ids
     from c_real_estate group by uscc)`,
  `a_penalties as (select c.uscc, count(*) as recent, ${idsOf()} as ids, sum(c.fine_amount_wan) as fines,
       ${first("to_char(c.decision_date, 'YYYY-MM-DD')", `c.decision_date desc, c.${ORD}`)} as latest_date,
       ${first('c.id', `c.decision_date desc, c.${ORD}`)} as latest_id
     from c_penalties c, p where to_char(c.decision_date, 'YYYY-MM-DD') > p.since36 group by c.uscc)`,
  `a_judicial as (select uscc, count(*) as open, ${idsOf()} as ids, sum(amount) as amount,
       count(*) filter (where role = 'dishonest_executed_person') as dishonest, ${idsOf("role = 'dishonest_executed_person'")} as dishonest_ids
     from c_judicial where case_status = 'open' group by uscc)`,
  `a_credit_lists as (select c.uscc, count(*) as total, ${idsOf()} as ids,
       count(*) filter (where v.cur) as current, ${idsOf('v.cur')} as current_ids,
       string_agg(c.list_type, '；' order by c.${ORD}) filter (where v.cur) as current_types
     from c_credit_lists c cross join p
       cross join lateral (select c.listed_on <= p.as_of and (c.removed_on is null or c.removed_on > p.as_of) as cur) v
     group by c.uscc)`,
  `a_honours as (select uscc,
       count(*) filter (where kind = 'honour') as honours, ${idsOf("kind = 'honour'")} as honour_ids,
       string_agg(title, '；' order by ${ORD}) filter (where kind = 'honour') as titles,
       count(*) filter (where kind = 'policy_support') as support, ${idsOf("kind = 'policy_support'")} as support_ids,
       sum(coalesce(amount, 0)) filter (where kind = 'policy_support') as support_amount
     from c_honours group by uscc)`,
  `a_import_export as (select c.uscc,
       ${first('c.customs_grade', `c.period desc, c.${ORD}`)} as customs_grade, ${first('c.id', `c.period desc, c.${ORD}`)} as latest_id,
       sum(c.import_value) filter (where c.${L12}) as imports, sum(c.export_value) filter (where c.${L12}) as exports, ${idsOf(`c.${L12}`)} as ids12
     from c_import_export c, p group by c.uscc)`,
  `a_intellectual_property as (select c.uscc,
       count(*) filter (where c.ip_type = 'invention_patent') as inventions, ${idsOf("c.ip_type = 'invention_patent'")} as invention_ids,
       count(*) filter (where c.ip_type in ('utility_model', 'design_patent')) as other, ${idsOf("c.ip_type in ('utility_model', 'design_patent')")} as other_ids,
       count(*) filter (where c.ip_type = 'trademark') as trademarks, ${idsOf("c.ip_type = 'trademark'")} as trademark_ids,
       count(*) filter (where c.ip_type = 'software_copyright') as software, ${idsOf("c.ip_type = 'software_copyright'")} as software_ids,
       count(*) filter (where c.pledged) as pledged, ${idsOf('c.pledged')} as pledged_ids
     from c_intellectual_property c, p where c.valid_to is null or c.valid_to >= p.as_of group by c.uscc)`,
  `a_rnd as (select uscc, ${first('designation', `year desc, ${ORD}`)} as designation, ${first('year', `year desc, ${ORD}`)} as year,
       ${first('rnd_expense::text', `year desc, ${ORD}`)} as expense, ${first('super_deduction::text', `year desc, ${ORD}`)} as super_deduction,
       ${first('rnd_staff', `year desc, ${ORD}`)} as staff, ${first('id', `year desc, ${ORD}`)} as id
     from c_rnd group by uscc)`,
  `a_tech_lists as (select c.uscc, ${idsOf()} as ids,
       string_agg((p.tech_list_labels->>c.list) || '（' || to_char(c.listed_on, 'YYYY-MM-DD') || '起'
         || coalesce('，有效期至' || to_char(c.expires_on, 'YYYY-MM-DD'), '') || '）', '；' order by c.${ORD}) as text
     from c_tech_lists c, p group by c.uscc)`,
  `a_commitment_breaches as (select uscc, count(*) as breaches, ${idsOf()} as ids from c_commitment_breaches group by uscc)`,
  `a_register as (select uscc, ${idsOf()} as ids from c_register group by uscc)`,
];

/** Series CTEs by scope (code, label, unit, CTE name), in the order the reference lists them. */
export const SERIES: Readonly<Record<string, readonly (readonly [string, string, string, string])[]>> = {
  tax: [['tax_paid_by_month', '月度纳税额', '元', 's_tax']],
  social_security: [['insured_headcount_by_month', '参保人数', '人', 's_social_security']],
  provident_fund: [['deposit_headcount_by_month', '公积金缴存人数', '人', 's_provident_fund']],
  utilities: [
    ['utility_bills_on_time_by_month', '按时缴清账单', '笔', 's_utilities_on_time'],
    ['utility_bills_late_by_month', '逾期或欠费账单', '笔', 's_utilities_late'],
  ],
};
