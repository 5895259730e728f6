import type { Knex } from 'knex';

const LIVE_CREDIT = `('APPROVED','CONTRACTED','DISBURSED','REPAYING')`;

/** The view's first-disbursement rule: `per_application` (as created) or `per_firm` (this migration). */
const oversightLoans = (rule: 'per_application' | 'per_firm') => `with lines as (
    select enterprise_id, sum(approved_amount) as credit_line from loan_applications
    where status in ${LIVE_CREDIT} group by 1),
  apps as (
    select a.id, a.bank_id, a.first_loan, a.approved_rate, m.district_code,
      coalesce(p.guarantee_type, 'unknown') as guarantee_type,
      coalesce(l.credit_line, a.approved_amount, a.amount) <= 10000000 as inclusive,
      exists (select 1 from loan_application_events ev where ev.application_id = a.id and ev.to_status = 'DISBURSED'
        and ev.actor_type in ('bank_system', 'client')) as online
    from loan_applications a
    join enterprises e on e.id = a.enterprise_id
    join market_entities m on m.uscc = e.uscc
    left join loan_products p on p.id = a.product_id
    left join lines l on l.enterprise_id = a.enterprise_id
    where a.disbursed_amount > 0),
  per_month as (
    select application_id, to_char(occurred_on, 'YYYY-MM') as month,
      coalesce(sum(amount) filter (where kind = 'disbursement'), 0) as disbursed,
      coalesce(sum(amount) filter (where kind = 'repayment'), 0) as repaid
    from loan_ledger_entries group by 1, 2),
  first_month as (${
    rule === 'per_application'
      ? `select application_id, min(to_char(occurred_on, 'YYYY-MM')) as month from loan_ledger_entries
    where kind = 'disbursement' group by 1`
      : `select distinct on (a.enterprise_id) l.application_id, to_char(l.occurred_on, 'YYYY-MM') as month
    from loan_ledger_entries l join loan_applications a on a.id = l.application_id
    where l.kind = 'disbursement' order by a.enterprise_id, l.occurred_on, l.id`
  })
  select pm.month, apps.district_code, apps.bank_id, apps.guarantee_type, apps.first_loan, apps.inclusive, apps.online,
    (count(*) filter (where fm.month = pm.month))::int as new_loans,
    sum(pm.disbursed) as disbursed, sum(pm.repaid) as repaid,
    sum(pm.disbursed * apps.approved_rate) filter (where apps.approved_rate is not null) as rate_weighted,
    coalesce(sum(pm.disbursed) filter (where apps.approved_rate is not null), 0) as rated_amount
  from per_month pm join apps on apps.id = pm.application_id
  left join first_month fm on fm.application_id = pm.application_id
  group by 1, 2, 3, 4, 5, 6, 7`;

async function recreate(knex: Knex, rule: 'per_application' | 'per_firm'): Promise<void> {
  await knex.raw('drop materialized view oversight_loans');
  await knex.raw(`create materialized view oversight_loans as ${oversightLoans(rule)}`);
  await knex.raw(`create unique index oversight_loans_key on oversight_loans (month, district_code, bank_id, guarantee_type, first_loan, inclusive, online)`);
}

/**
 * 新增首贷户 counts firms, not applications (KPI catalogue: 当月首次放款且银行标记为首贷的企业).
 * An application is marked 首贷 when it is opened, if its enterprise has no disbursed loan yet,
 * so two applications opened before either is disbursed (two banks, or a second product) are
 * both marked; each of their first disbursements counted one new first-loan firm. Now only a
 * firm's very first disbursement on the platform counts (earliest date, then ledger entry), in
 * its month, district and bank, and only when its application carries the bank's 首贷 mark.
 */
export async function up(knex: Knex): Promise<void> {
  await recreate(knex, 'per_firm');
}

export async function down(knex: Knex): Promise<void> {
  await recreate(knex, 'per_application');
}
