import type { DbOrTrx } from '../db/database.js';
import type { CityBalance, KpiTarget, LoanMonth, OversightConfiguration, OversightFacts } from './oversight-facts.js';

/**
 * SQL of the oversight feature. It reads other features' tables (districts, institutions, loan
 * applications) with read-only SQL and never writes them: the house rule (ARCHITECTURE §2,
 * "features call each other's services, never each other's stores") is kept by not importing
 * their stores; the aggregates come from this feature's own materialised views.
 */

/** In refresh order: the working-day index first (the application view joins it), the stamp last. */
const OVERSIGHT_VIEWS = [
  'oversight_workdays',
  'oversight_entity_counts',
  'oversight_registrations',
  'oversight_authorisations',
  'oversight_authorised_active',
  'oversight_applications',
  'oversight_loans',
  'oversight_record_counts',
  'oversight_publicity',
  'oversight_uscc_quality',
  'oversight_bank_exchanges',
  'oversight_commitment_fulfilment',
  'oversight_refreshed_at',
] as const;

const APPROVED = `('APPROVED','CONTRACTED','DISBURSED','REPAYING','CLOSED','DEFAULTED')`;
const money = (v: unknown) => (v === null || v === undefined ? '0.00' : String(v));
const sumMoney = (expr: string) => `coalesce(sum(${expr}), 0)::numeric(18,2)::text`;

/** The loan sums the lending KPIs need, over whatever grouping the caller chose. */
const loanSums = (tx: DbOrTrx) => [
  tx.raw(`${sumMoney('disbursed')} as disbursed`),
  tx.raw(`${sumMoney('repaid')} as repaid`),
  tx.raw(`${sumMoney('disbursed) filter (where inclusive')} as inclusive_disbursed`),
  tx.raw(`${sumMoney('repaid) filter (where inclusive')} as inclusive_repaid`),
  tx.raw(`${sumMoney(`disbursed) filter (where inclusive and guarantee_type = 'credit'`)} as credit_disbursed`),
  tx.raw(`${sumMoney(`repaid) filter (where inclusive and guarantee_type = 'credit'`)} as credit_repaid`),
  tx.raw(`${sumMoney(`disbursed) filter (where guarantee_type = 'guarantee_company'`)} as guarantee_disbursed`),
  tx.raw(`${sumMoney(`repaid) filter (where guarantee_type = 'guarantee_company'`)} as guarantee_repaid`),
  tx.raw(`${sumMoney('disbursed) filter (where online')} as online_disbursed`),
  tx.raw(`coalesce(sum(new_loans) filter (where first_loan), 0)::int as first_loans`),
  tx.raw(`${sumMoney('disbursed) filter (where first_loan')} as first_loan_amount`),
  tx.raw(`coalesce(sum(rate_weighted), 0)::text as rate_weighted`),
  tx.raw(`${sumMoney('rated_amount')} as rated_amount`),
];

const loanMonth = (r: Record<string, unknown>, group: string): LoanMonth => ({
  month: String(r.month),
  group,
  disbursed: money(r.disbursed),
  repaid: money(r.repaid),
  inclusiveDisbursed: money(r.inclusive_disbursed),
  inclusiveRepaid: money(r.inclusive_repaid),
  creditInclusiveDisbursed: money(r.credit_disbursed),
  creditInclusiveRepaid: money(r.credit_repaid),
  guaranteeDisbursed: money(r.guarantee_disbursed),
  guaranteeRepaid: money(r.guarantee_repaid),
  onlineDisbursed: money(r.online_disbursed),
  firstLoans: Number(r.first_loans),
  firstLoanAmount: money(r.first_loan_amount),
  rateWeighted: String(r.rate_weighted),
  ratedAmount: money(r.rated_amount),
});

export interface OverdueRow {
  id: string;
  bankId: string;
  status: string;
  submittedAt: Date;
  /** Working seconds since submission (工作日计时). */
  waitedSeconds: number;
}

export interface SourceRow {
  institutionId: string;
  name: string;
  category: string;
  rowsAccepted: number;
  monthRowsRead: number;
  monthUsccErrors: number;
}

/** One bank's pre-credit funnel over a period (see precredit-funnel.ts for the stage definitions). */
export interface PrecreditFunnelRow {
  bankId: string;
  whitelisted: number;
  whitelistedAmount: string;
  visited: number;
  visitedAmount: string;
  approved: number;
  approvedAmount: string;
  disbursed: number;
  disbursedAmount: string;
}

export interface NewTarget {
  kpiCode: string;
  comparator: KpiTarget['comparator'];
  target: string;
  source: string;
  effectiveFrom: string;
  createdBy: string;
}

export interface OversightStore {
  refresh(tx: DbOrTrx, concurrently: boolean): Promise<void>;
  refreshedAt(tx: DbOrTrx): Promise<Date | null>;
  /** The aggregates of the last refresh; they change only when the views are refreshed. */
  facts(tx: DbOrTrx): Promise<Omit<OversightFacts, keyof OversightConfiguration>>;
  /** Targets, city balances and the banks with an active pre-credit model: they change any time, so are never cached with the aggregates. */
  configuration(tx: DbOrTrx): Promise<OversightConfiguration>;
  /** Loan sums per bank (`group` = bank id) and month, months up to `month`. */
  loansByBank(tx: DbOrTrx, month: string): Promise<LoanMonth[]>;
  /** Per data-source institution: accepted rows per category, and the month's rows read and USCC rejections. */
  sources(tx: DbOrTrx, month: string): Promise<SourceRow[]>;
  /** Per bank: its white list now, and the listed firms' applications to it submitted in the months `from`..`to`. */
  precreditFunnel(tx: DbOrTrx, from: string, to: string, districtCode?: string): Promise<PrecreditFunnelRow[]>;
  /** Applications past their limit now: counts per bank, and the oldest `limit` of them (all without a limit). */
  overdue(tx: DbOrTrx, now: Date, thresholds: { acceptHours: number; decisionHours: number }, limit?: number): Promise<{ counts: Map<string, number>; rows: OverdueRow[] }>;
  putCityBalance(tx: DbOrTrx, balance: CityBalance, enteredBy: string): Promise<void>;
  /** Closes the open target of the KPI at `effectiveFrom` and adds the new one. */
  addTarget(tx: DbOrTrx, target: NewTarget): Promise<void>;
}

export const oversightStore: OversightStore = {
  async refresh(tx, concurrently) {
    for (const view of OVERSIGHT_VIEWS) await tx.raw(`refresh materialized view ${concurrently ? 'concurrently ' : ''}${view}`);
  },

  async refreshedAt(tx) {
    return (await tx('oversight_refreshed_at').first('refreshed_at'))?.refreshed_at ?? null;
  },

  async configuration(tx) {
    const [balances, targets, models] = await Promise.all([
      tx('oversight_city_inclusive_balances').orderBy('month').select('month', 'balance', 'source'),
      tx('oversight_kpi_targets').orderBy(['kpi_code', 'effective_from', 'id']).select('kpi_code', 'comparator', 'target', 'source', 'effective_from', 'effective_to'),
      tx('precredit_models').where({ status: 'ACTIVE' }).whereNotNull('bank_id').distinct('bank_id'),
    ]);
    return {
      precreditModelBanks: models.map((m) => String(m.bank_id)),
      cityBalances: balances.map((b) => ({ month: String(b.month), balance: String(b.balance), source: b.source })),
      targets: targets.map((t) => ({
        kpiCode: t.kpi_code,
        comparator: t.comparator,
        target: String(t.target),
        source: t.source,
        effectiveFrom: t.effective_from,
        effectiveTo: t.effective_to ?? null,
      })),
    };
  },

  async facts(tx) {
    const [stamp, districts, entities, registrations, authorisations, active, loans, applications, records, publicity, uscc, banks, commitments] = await Promise.all([
      tx('oversight_refreshed_at').first('refreshed_at'),
      tx('districts').orderBy('code').select('code', 'name'),
      tx('oversight_entity_counts').groupBy('district_code').select('district_code', tx.raw('sum(existing)::int as n')),
      tx('oversight_registrations').groupBy('month', 'district_code').select('month', 'district_code', tx.raw('sum(registered)::int as n')),
      tx('oversight_authorisations').groupBy('month', 'district_code').select('month', 'district_code', tx.raw('sum(authorised)::int as n')),
      tx('oversight_authorised_active').groupBy('district_code').select('district_code', tx.raw('sum(active)::int as n')),
      tx('oversight_loans').groupBy('month', 'district_code').orderBy('month').select('month', 'district_code', ...loanSums(tx)),
      tx('oversight_applications').orderBy('month').select('*'),
      tx('oversight_record_counts').select('category', 'records'),
      tx('oversight_publicity').groupBy('month').select('month', tx.raw('sum(total)::int as total'), tx.raw('sum(on_time)::int as on_time')),
      tx('oversight_uscc_quality').select('month', 'rows_read', 'uscc_errors'),
      tx('institutions as i')
        .leftJoin('oversight_bank_exchanges as x', 'x.bank_code', 'i.code')
        .where('i.type', 'bank')
        .orderBy('i.name')
        .select('i.id', 'i.code', 'i.name', 'x.last_exchange_at'),
      tx('oversight_commitment_fulfilment').first('committed', 'with_fulfilment'),
    ]);
    return {
      refreshedAt: stamp?.refreshed_at ?? null,
      districts: districts.map((d) => ({ code: String(d.code), name: d.name })),
      entities: entities.map((r) => ({ districtCode: String(r.district_code), count: Number(r.n) })),
      registrations: registrations.map((r) => ({ month: r.month, districtCode: String(r.district_code), count: Number(r.n) })),
      authorisations: authorisations.map((r) => ({ month: r.month, districtCode: String(r.district_code), count: Number(r.n) })),
      activeAuthorisations: active.map((r) => ({ districtCode: String(r.district_code), count: Number(r.n) })),
      loans: loans.map((r) => loanMonth(r, String(r.district_code))),
      applications: applications.map((r) => ({
        month: r.month,
        districtCode: String(r.district_code),
        bankId: r.bank_id,
        submitted: Number(r.submitted),
        accepted: Number(r.accepted),
        decided: Number(r.decided),
        approved: Number(r.approved),
        disbursed: Number(r.disbursed),
        appliedAmount: money(r.applied_amount),
        approvedAmount: money(r.approved_amount),
        disbursedAmount: money(r.disbursed_amount),
        acceptWorkSeconds: Number(r.accept_work_seconds),
        decisionWorkSeconds: Number(r.decision_work_seconds),
      })),
      records: Object.fromEntries(records.map((r) => [r.category, Number(r.records)])),
      publicity: publicity.map((r) => ({ month: r.month, total: Number(r.total), onTime: Number(r.on_time) })),
      usccQuality: uscc.map((r) => ({ month: r.month, rowsRead: Number(r.rows_read), errors: Number(r.uscc_errors) })),
      banks: banks.map((b) => ({ id: b.id, code: b.code, name: b.name, lastExchangeAt: b.last_exchange_at ?? null })),
      commitments: { committed: Number(commitments?.committed ?? 0), withFulfilment: Number(commitments?.with_fulfilment ?? 0) },
    };
  },

  async loansByBank(tx, month) {
    const rows = await tx('oversight_loans').where('month', '<=', month).groupBy('month', 'bank_id').orderBy('month').select('month', 'bank_id', ...loanSums(tx));
    return rows.map((r) => loanMonth(r, String(r.bank_id)));
  },

  async sources(tx, month) {
    const rows = await tx('ingestion_batches as b')
      .join('institutions as i', 'i.id', 'b.institution_id')
      .groupBy('i.id', 'i.name', 'b.category')
      .orderBy(['i.name', 'b.category'])
      .select(
        'i.id',
        'i.name',
        'b.category',
        tx.raw('sum(b.rows_accepted)::bigint as rows_accepted'),
        tx.raw(`(sum(b.rows_read) filter (where to_char(b.received_at at time zone 'Asia/Shanghai', 'YYYY-MM') = ?))::bigint as month_rows`, [month]),
        tx.raw(
          `(sum((select count(*) from ingestion_quarantine q where q.batch_id = b.id and q.errors @> '[{"field": "uscc"}]'))
            filter (where to_char(b.received_at at time zone 'Asia/Shanghai', 'YYYY-MM') = ?))::bigint as month_errors`,
          [month],
        ),
      );
    return rows.map((r) => ({
      institutionId: r.id,
      name: r.name,
      category: r.category,
      rowsAccepted: Number(r.rows_accepted ?? 0),
      monthRowsRead: Number(r.month_rows ?? 0),
      monthUsccErrors: Number(r.month_errors ?? 0),
    }));
  },

  async precreditFunnel(tx, from, to, districtCode) {
    // Live, not from a view: a white list changes with every run, and the list is small per bank.
    const { rows } = await tx.raw(
      `with listed as (
          select r.bank_id, r.enterprise_id, r.limit_amount from precredit_results r
          ${districtCode ? 'join market_entities m on m.uscc = r.uscc and m.district_code = ?' : ''}
          where r.listed and r.active),
        followed as (
          select l.bank_id, l.enterprise_id,
            bool_or(a.accepted_at is not null) as visited, sum(a.amount) filter (where a.accepted_at is not null) as visited_amount,
            bool_or(a.status in ${APPROVED}) as approved, sum(a.approved_amount) filter (where a.status in ${APPROVED}) as approved_amount,
            bool_or(a.disbursed_amount > 0) as disbursed, sum(a.disbursed_amount) filter (where a.disbursed_amount > 0) as disbursed_amount
          from listed l join loan_applications a on a.bank_id = l.bank_id and a.enterprise_id = l.enterprise_id
          where to_char(a.submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM') between ? and ?
          group by 1, 2)
      select l.bank_id, count(*)::int as whitelisted, ${sumMoney('l.limit_amount')} as whitelisted_amount,
        (count(*) filter (where f.visited))::int as visited, ${sumMoney('f.visited_amount')} as visited_amount,
        (count(*) filter (where f.approved))::int as approved, ${sumMoney('f.approved_amount')} as approved_amount,
        (count(*) filter (where f.disbursed))::int as disbursed, ${sumMoney('f.disbursed_amount')} as disbursed_amount
      from listed l left join followed f on f.bank_id = l.bank_id and f.enterprise_id = l.enterprise_id
      group by l.bank_id`,
      districtCode ? [districtCode, from, to] : [from, to],
    );
    return (rows as Record<string, unknown>[]).map((r) => ({
      bankId: String(r.bank_id),
      whitelisted: Number(r.whitelisted),
      whitelistedAmount: money(r.whitelisted_amount),
      visited: Number(r.visited),
      visitedAmount: money(r.visited_amount),
      approved: Number(r.approved),
      approvedAmount: money(r.approved_amount),
      disbursed: Number(r.disbursed),
      disbursedAmount: money(r.disbursed_amount),
    }));
  },

  async overdue(tx, now, t, limit) {
    // Live, not from a view: "overdue" moves with the clock. SQL narrows to the overdue rows (the
    // same limits as overdueApplications) so a backlog is counted in the database, not shipped.
    const waited = `(n.worked_before::bigint * 86400 + case when n.working then extract(epoch from (?::timestamptz at time zone 'Asia/Shanghai') - (?::timestamptz at time zone 'Asia/Shanghai')::date)::bigint else 0 end)
        - (w.worked_before::bigint * 86400 + case when w.working then extract(epoch from (a.submitted_at at time zone 'Asia/Shanghai') - (a.submitted_at at time zone 'Asia/Shanghai')::date)::bigint else 0 end)`;
    const open = `with pending as (
        select a.id, a.bank_id, a.status, a.submitted_at, ${waited} as waited
        from loan_applications a
        join oversight_workdays w on w.day = (a.submitted_at at time zone 'Asia/Shanghai')::date
        join oversight_workdays n on n.day = (?::timestamptz at time zone 'Asia/Shanghai')::date
        where a.status in ('SUBMITTED', 'ACCEPTED', 'UNDER_REVIEW', 'ACTION_REQUIRED') and a.submitted_at is not null),
      late as (select * from pending where waited > case when status = 'SUBMITTED' then ?::bigint else ?::bigint end)`;
    const bindings = [now, now, now, t.acceptHours * 3600, t.decisionHours * 3600];
    const [counts, rows] = await Promise.all([
      tx.raw(`${open} select bank_id, count(*)::int as n from late group by bank_id`, bindings),
      tx.raw(`${open} select * from late order by submitted_at, id ${limit === undefined ? '' : 'limit ?'}`, limit === undefined ? bindings : [...bindings, limit]),
    ]);
    return {
      counts: new Map((counts.rows as Record<string, unknown>[]).map((r) => [String(r.bank_id), Number(r.n)])),
      rows: (rows.rows as Record<string, unknown>[]).map((r) => ({
        id: String(r.id),
        bankId: String(r.bank_id),
        status: String(r.status),
        submittedAt: r.submitted_at as Date,
        waitedSeconds: Number(r.waited),
      })),
    };
  },

  async putCityBalance(tx, b, enteredBy) {
    await tx('oversight_city_inclusive_balances')
      .insert({ month: b.month, balance: b.balance, source: b.source, entered_by: enteredBy, entered_at: tx.fn.now() })
      .onConflict('month')
      .merge();
  },

  async addTarget(tx, t) {
    await tx('oversight_kpi_targets')
      .where({ kpi_code: t.kpiCode })
      .whereNull('effective_to')
      .where('effective_from', '<', t.effectiveFrom)
      .update({ effective_to: t.effectiveFrom });
    await tx('oversight_kpi_targets').insert({
      kpi_code: t.kpiCode,
      comparator: t.comparator,
      target: t.target,
      source: t.source,
      effective_from: t.effectiveFrom,
      created_by: t.createdBy,
    });
  },
};
