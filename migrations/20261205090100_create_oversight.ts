import type { Knex } from 'knex';

const SH = (col: string) => `(${col} at time zone 'Asia/Shanghai')`;
const MONTH = (col: string) => `to_char(${SH(col)}, 'YYYY-MM')`;
/**
 * Seconds of working time from the calendar's origin to an instant: every working day counts
 * its 24 hours, rest days count none (工作日计时). `w` is the joined oversight_workdays row of
 * the instant's Shanghai date.
 */
const WORK_SECONDS = (col: string, w: string) =>
  `(${w}.worked_before::bigint * 86400 + case when ${w}.working then extract(epoch from ${SH(col)} - ${SH(col)}::date)::bigint else 0 end)`;
const APPROVED = `('APPROVED','CONTRACTED','DISBURSED','REPAYING','CLOSED','DEFAULTED')`;
const LIVE_CREDIT = `('APPROVED','CONTRACTED','DISBURSED','REPAYING')`;

/** Refresh order matters: the working-day index first (the application view joins it), the stamp last. */
const OVERSIGHT_VIEWS: { name: string; key: string[]; sql: string }[] = [
  {
    name: 'oversight_workdays',
    key: ['day'],
    sql: `select d::date as day, coalesce(c.is_working_day, extract(isodow from d) < 6) as working,
      (count(*) filter (where coalesce(c.is_working_day, extract(isodow from d) < 6))
        over (order by d rows between unbounded preceding and 1 preceding))::int as worked_before
      from generate_series(date '2020-01-01', date '2036-12-31', interval '1 day') d
      left join working_calendar c on c.day = d::date`,
  },
  {
    name: 'oversight_entity_counts',
    key: ['district_code', 'entity_type'],
    sql: `select district_code, entity_type, count(*)::int as existing from market_entities
      where status in ('existing', 'operating') group by 1, 2`,
  },
  {
    name: 'oversight_registrations',
    key: ['month', 'district_code', 'entity_type'],
    sql: `select ${MONTH('e.registered_at')} as month, m.district_code, m.entity_type, count(*)::int as registered
      from enterprises e join market_entities m on m.uscc = e.uscc group by 1, 2, 3`,
  },
  {
    name: 'oversight_authorisations',
    key: ['month', 'district_code', 'entity_type'],
    sql: `select ${MONTH('f.first_at')} as month, m.district_code, m.entity_type, count(*)::int as authorised
      from (select enterprise_uscc, min(created_at) as first_at from consent_grants group by 1) f
      join market_entities m on m.uscc = f.enterprise_uscc group by 1, 2, 3`,
  },
  {
    // "Active now" means at the refresh: grants that are ACTIVE and not past their validity.
    name: 'oversight_authorised_active',
    key: ['district_code', 'entity_type'],
    sql: `select m.district_code, m.entity_type, count(*)::int as active
      from (select distinct enterprise_uscc from consent_grants where status = 'ACTIVE' and valid_until > now()) g
      join market_entities m on m.uscc = g.enterprise_uscc group by 1, 2`,
  },
  {
    name: 'oversight_applications',
    key: ['month', 'district_code', 'bank_id'],
    sql: `select ${MONTH('a.submitted_at')} as month, m.district_code, a.bank_id,
      count(*)::int as submitted,
      count(a.accepted_at)::int as accepted,
      count(a.decided_at)::int as decided,
      (count(*) filter (where a.status in ${APPROVED}))::int as approved,
      (count(*) filter (where a.disbursed_amount > 0))::int as disbursed,
      sum(a.amount) as applied_amount,
      coalesce(sum(a.approved_amount) filter (where a.status in ${APPROVED}), 0) as approved_amount,
      sum(a.disbursed_amount) as disbursed_amount,
      coalesce(sum(${WORK_SECONDS('a.accepted_at', 'wa')} - ${WORK_SECONDS('a.submitted_at', 'ws')}) filter (where a.accepted_at is not null), 0)::bigint as accept_work_seconds,
      coalesce(sum(${WORK_SECONDS('a.decided_at', 'wd')} - ${WORK_SECONDS('a.submitted_at', 'ws')}) filter (where a.decided_at is not null), 0)::bigint as decision_work_seconds
      from loan_applications a
      join enterprises e on e.id = a.enterprise_id
      join market_entities m on m.uscc = e.uscc
      join oversight_workdays ws on ws.day = ${SH('a.submitted_at')}::date
      left join oversight_workdays wa on wa.day = ${SH('a.accepted_at')}::date
      left join oversight_workdays wd on wd.day = ${SH('a.decided_at')}::date
      where a.submitted_at is not null group by 1, 2, 3`,
  },
  {
    // 普惠 (银调发〔2025〕17号) by 单户授信: the borrower's live credit lines on this platform ≤ 1000万.
    // Online (全流程线上) = the disbursement reached the platform from the bank's system, not by hand.
    name: 'oversight_loans',
    key: ['month', 'district_code', 'bank_id', 'guarantee_type', 'first_loan', 'inclusive', 'online'],
    sql: `with lines as (
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
      first_month as (
        select application_id, min(to_char(occurred_on, 'YYYY-MM')) as month from loan_ledger_entries
        where kind = 'disbursement' group by 1)
      select pm.month, apps.district_code, apps.bank_id, apps.guarantee_type, apps.first_loan, apps.inclusive, apps.online,
        (count(*) filter (where fm.month = pm.month))::int as new_loans,
        sum(pm.disbursed) as disbursed, sum(pm.repaid) as repaid,
        sum(pm.disbursed * apps.approved_rate) filter (where apps.approved_rate is not null) as rate_weighted,
        coalesce(sum(pm.disbursed) filter (where apps.approved_rate is not null), 0) as rated_amount
      from per_month pm join apps on apps.id = pm.application_id
      left join first_month fm on fm.application_id = pm.application_id
      group by 1, 2, 3, 4, 5, 6, 7`,
  },
  {
    name: 'oversight_record_counts',
    key: ['category'],
    sql: `select 'tax_payments' as category, count(*)::bigint as records from tax_payment_records where status = 'active'
      union all
      select 'utilities:' || (payload->>'utilityType'), count(*)::bigint from credit_records
        where category = 'utilities' and status = 'active' group by payload->>'utilityType'
      union all
      select category, count(*)::bigint from credit_records where status = 'active' and category <> 'utilities' group by category`,
  },
  {
    name: 'oversight_publicity',
    key: ['month', 'category'],
    sql: `select to_char(business_date, 'YYYY-MM') as month, category, count(*)::int as total,
        (count(*) filter (where published_on_time))::int as on_time
      from credit_records where category in ('permits', 'penalties') and business_date is not null and status <> 'withdrawn'
      group by 1, 2`,
  },
  {
    name: 'oversight_uscc_quality',
    key: ['month'],
    sql: `select ${MONTH('b.received_at')} as month, sum(b.rows_read)::bigint as rows_read, coalesce(sum(q.bad), 0)::bigint as uscc_errors
      from ingestion_batches b
      left join (select batch_id, count(*) as bad from ingestion_quarantine
        where errors @> '[{"field": "uscc"}]' group by 1) q on q.batch_id = b.id
      group by 1`,
  },
  {
    // The latest successful exchange per bank: a delivered outbox message or a callback that was applied.
    name: 'oversight_bank_exchanges',
    key: ['bank_code'],
    sql: `select bank_code, max(at) as last_exchange_at from (
        select target as bank_code, max(delivered_at) as at from outbox_messages
          where channel = 'bank_adapter' and status = 'delivered' group by 1
        union all
        select bank_code, max(received_at) from bank_callbacks where outcome in ('applied', 'recorded', 'stale') group by 1) x
      group by 1`,
  },
  { name: 'oversight_refreshed_at', key: ['refreshed_at'], sql: `select now() as refreshed_at` },
];

/**
 * Financial-office oversight (issue 18): KPI targets as configuration with effective dates, the
 * city's 普惠 balance the office enters each month, and the materialised views the KPIs read.
 *
 * The views are pure functions of other features' tables (read-only). They are refreshed as a
 * whole by the oversight service (on a schedule and on demand); a refresh recomputes every row,
 * so there is no incremental state that could drift. Every figure is stamped with the time of
 * the last refresh (`oversight_refreshed_at`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('oversight_kpi_targets', (t) => {
    t.bigIncrements('id');
    t.text('kpi_code').notNullable();
    t.text('comparator').notNullable().checkIn(['gt', 'gte', 'lt', 'lte']);
    t.decimal('target', 18, 6).notNullable();
    t.text('source').notNullable();
    t.date('effective_from').notNullable();
    t.date('effective_to').nullable();
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['kpi_code', 'effective_from']);
  });
  await knex.raw(`alter table oversight_kpi_targets add constraint oversight_kpi_targets_dates check (effective_to is null or effective_to > effective_from)`);

  await knex.schema.createTable('oversight_city_inclusive_balances', (t) => {
    t.specificType('month', 'char(7)').primary();
    t.decimal('balance', 18, 2).notNullable();
    t.text('source').notNullable();
    t.text('entered_by').notNullable();
    t.timestamp('entered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table oversight_city_inclusive_balances add constraint oversight_city_inclusive_balances_positive check (balance > 0)`);

  const seed002 = '黄信用〔2023〕1号《2023年黄石市信用体系建设工作要点》';
  const changzhou = '常州市推进信易贷工作方案（2022-11-23）目标值，本市参照执行';
  const rows: [string, string, string, string][] = [
    ['registration_share', 'gt', '0.20', `${seed002} 第九条`],
    ['authorisation_share_ever', 'gt', '0.10', `${seed002} 第九条`],
    ['bank_access_share', 'gte', '0.50', `${seed002} 第九条`],
    ['coverage_tax', 'gt', '0.50', `${seed002} 第四条`],
    ['coverage_water', 'gt', '0.50', `${seed002} 第四条`],
    ['coverage_real_estate', 'gt', '0.50', `${seed002} 第四条`],
    ['coverage_gas', 'gt', '0.50', `${seed002} 第四条`],
    ['coverage_rnd', 'gte', '1.00', `${seed002} 第四条`],
    ['publicity_on_time', 'gte', '1.00', `${seed002} 第一、四条`],
    ['uscc_error_rate', 'lte', '0.0001', `${seed002} 第四条`],
    ['precredit_model_banks', 'gte', '1', `${seed002} 第九条`],
    ['online_disbursement_share', 'gt', '0', `${seed002} 第九条（平台全流程放款）`],
    ['inclusive_share_of_city', 'gte', '0.28', changzhou],
    ['credit_loan_share', 'gte', '0.28', changzhou],
  ];
  await knex('oversight_kpi_targets').insert(
    rows.map(([kpi_code, comparator, target, source]) => ({ kpi_code, comparator, target, source, effective_from: '2023-03-13', created_by: 'migration' })),
  );

  for (const view of OVERSIGHT_VIEWS) {
    await knex.raw(`create materialized view ${view.name} as ${view.sql}`);
    await knex.raw(`create unique index ${view.name}_key on ${view.name} (${view.key.join(', ')})`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const view of [...OVERSIGHT_VIEWS].reverse()) await knex.raw(`drop materialized view if exists ${view.name}`);
  await knex.schema.dropTable('oversight_city_inclusive_balances');
  await knex.schema.dropTable('oversight_kpi_targets');
}
