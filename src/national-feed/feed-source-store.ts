import type { Knex } from 'knex';

/**
 * The named extractions a format layout fills its files from. Each is one SELECT, ordered by
 * its `source_id` in byte order (so the same data always streams in the same order, and two
 * revisions can be merged key by key), read through a server-side cursor in the caller's
 * REPEATABLE READ transaction: every file of a submission sees one snapshot.
 *
 * These read the lending, consent, enterprise and credit-record tables directly: a month is
 * millions of rows, which no row-at-a-time service call can stream. They only read, and only
 * the columns listed here; the column names they return are the contract with `layout.json`.
 */
export interface SourceParams {
  /** Report month `yyyy-MM`. */
  month: string;
  /** The city's GB/T 2260 code (the platform-statistics row's region). */
  regionCode: string;
  /** First day of the month and of the next month, `yyyy-MM-dd` (Asia/Shanghai business dates). */
  startDate: string;
  endDate: string;
  /** 已对接's window in days (BANK_CONNECTED_WITHIN_DAYS), as bank-connections reads it. */
  connectedWithinDays: number;
  /** Platform values a field's code table knows, by source column (limits what is reportable). */
  codeKeys(column: string): string[];
}

interface Extraction {
  sql: string;
  bindings(p: SourceParams): Knex.RawBinding[];
  /** Planner settings for this query's own session (the COPY path; see `snapshot-copy.ts`). */
  planner?: Record<string, 'on' | 'off'>;
}

const WAN = (column: string) => `trim_scale(round(${column} / 10000, 6))::text`;
const SH_DATE = (column: string) => `(${column} at time zone 'Asia/Shanghai')::date::text`;
/** Shanghai midnight of a business date, as timestamptz (China has no daylight saving). */
const SH_START = `(?::date::timestamp at time zone 'Asia/Shanghai')`;

/** 已对接 as bank-connections computes it (binding: the window in days); only banks connect systems. */
const CONNECTED = `c.last_success_at >= c.updated_at and c.last_success_at >= now() - make_interval(days => ?::int)`;

const EXTRACTIONS: Record<string, Extraction> = {
  platform_stats: {
    sql: `select 'platform_stats' as record_type, ?::text || ':' || ?::text as source_id, ?::text as region_code, ?::text as stat_month,
        (select count(*) from enterprises where registered_at < ${SH_START}) as registered_enterprises,
        (select count(*) from enterprises where registered_at >= ${SH_START} and registered_at < ${SH_START}) as new_registered_enterprises,
        (select count(*) from consent_grants where created_at >= ${SH_START} and created_at < ${SH_START}) as authorisations_granted,
        (select count(*) from consent_grants where valid_from < ${SH_START} and valid_until >= ${SH_START}
           and (ended_at is null or ended_at >= ${SH_START})) as authorisations_active,
        (select count(*) from consent_grants where status = 'REVOKED' and ended_at >= ${SH_START} and ended_at < ${SH_START}) as authorisations_revoked,
        (select count(*) from bank_connections c where ${CONNECTED}) as connected_institutions,
        (select count(*) from bank_connections c where ${CONNECTED}) as connected_banks,
        (select count(*) from loan_products where status = 'published' and published_at < ${SH_START}) as products_online`,
    bindings: (p) => [
      p.regionCode, p.month, p.regionCode, p.month, p.endDate, p.startDate, p.endDate, p.startDate, p.endDate, p.endDate, p.endDate, p.endDate,
      p.startDate, p.endDate, p.connectedWithinDays, p.connectedWithinDays, p.endDate,
    ],
  },
  // Withdrawn demands are revoked data: not reported.
  financing_demands: {
    sql: `select 'financing_demand' as record_type, d.id::text as source_id, me.district_code as region_code, e.uscc::text as uscc,
        ${WAN('d.amount')} as amount_wan, d.term_months, d.status, ${SH_DATE('d.created_at')} as created_on,
        ${SH_DATE('d.accepted_at')} as accepted_on, i.code as accepted_bank_code
      from financing_demands d join enterprises e on e.id = d.enterprise_id join market_entities me on me.uscc = e.uscc
      left join institutions i on i.id = d.accepted_by_bank_id
      where d.status <> 'withdrawn' and d.created_at >= ${SH_START} and d.created_at < ${SH_START}
      order by d.id`,
    bindings: (p) => [p.startDate, p.endDate],
  },
  loan_applications: {
    sql: `select 'loan_application' as record_type, a.id::text as source_id, me.district_code as region_code, e.uscc::text as uscc,
        i.code as bank_code, a.product_id::text as product_id, ${WAN('a.amount')} as amount_wan, a.term_months, a.status,
        ${SH_DATE('a.submitted_at')} as submitted_on, a.first_loan
      from loan_applications a join enterprises e on e.id = a.enterprise_id join market_entities me on me.uscc = e.uscc
      join institutions i on i.id = a.bank_id
      where a.submitted_at >= ${SH_START} and a.submitted_at < ${SH_START}
      order by a.id`,
    bindings: (p) => [p.startDate, p.endDate],
  },
  // Applications with no product (opened from a financing demand) report guarantee type `other`.
  credit_grants: {
    sql: `select 'credit_grant' as record_type, a.id::text as source_id, me.district_code as region_code, e.uscc::text as uscc,
        i.code as bank_code, a.product_id::text as product_id, ${WAN('a.approved_amount')} as credit_amount_wan,
        a.approved_rate::text as rate_percent, a.approved_term_months as term_months,
        coalesce(p.guarantee_type, 'other') as guarantee_type, ${SH_DATE('a.decided_at')} as granted_on
      from loan_applications a join enterprises e on e.id = a.enterprise_id join market_entities me on me.uscc = e.uscc
      join institutions i on i.id = a.bank_id left join loan_products p on p.id = a.product_id
      where a.approved_amount is not null and a.decided_at >= ${SH_START} and a.decided_at < ${SH_START}
      order by a.id`,
    bindings: (p) => [p.startDate, p.endDate],
  },
  // 普惠 (银调发〔2025〕17号): a single borrower's credit of at most 1000万 (the platform's borrowers are SMEs).
  loan_disbursements: {
    sql: `select 'loan_disbursement' as record_type, l.application_id::text || ':' || l.reference as source_id,
        me.district_code as region_code, l.application_id::text as application_id, e.uscc::text as uscc, i.code as bank_code,
        a.product_id::text as product_id, ${WAN('l.amount')} as amount_wan, a.approved_rate::text as rate_percent,
        a.approved_term_months as term_months, coalesce(p.guarantee_type, 'other') as guarantee_type, a.first_loan,
        coalesce(a.approved_amount, a.amount) <= 10000000 as inclusive, l.occurred_on::text as disbursed_on
      from loan_ledger_entries l join loan_applications a on a.id = l.application_id
      join enterprises e on e.id = a.enterprise_id join market_entities me on me.uscc = e.uscc
      join institutions i on i.id = a.bank_id left join loan_products p on p.id = a.product_id
      where l.kind = 'disbursement' and l.occurred_on >= ?::date and l.occurred_on < ?::date
      order by l.application_id, l.reference collate "C"`,
    bindings: (p) => [p.startDate, p.endDate],
  },
  // Loans outstanding at month end, and loans settled during the month; totals as of month end.
  repayment_statuses: {
    sql: `with t as (
        select application_id, sum(amount) filter (where kind = 'disbursement') as disbursed,
               coalesce(sum(amount) filter (where kind = 'repayment'), 0) as repaid, max(occurred_on) as last_on
          from loan_ledger_entries where occurred_on < ?::date group by application_id)
      select 'repayment_status' as record_type, a.id::text as source_id, me.district_code as region_code, e.uscc::text as uscc,
        i.code as bank_code, ${WAN('t.disbursed')} as disbursed_wan, ${WAN('t.repaid')} as repaid_wan,
        ${WAN('greatest(t.disbursed - t.repaid, 0)')} as outstanding_wan,
        case when a.status = 'DEFAULTED' then 'defaulted' when t.repaid >= t.disbursed then 'closed' else 'normal' end as status,
        (?::date - 1)::text as as_of
      from t join loan_applications a on a.id = t.application_id join enterprises e on e.id = a.enterprise_id
      join market_entities me on me.uscc = e.uscc join institutions i on i.id = a.bank_id
      where t.disbursed > 0 and (t.repaid < t.disbursed or t.last_on >= ?::date)
      order by a.id`,
    bindings: (p) => [p.endDate, p.endDate, p.startDate],
    // The aggregate reads the whole ledger. The planner expects a fraction of the groups there
    // are and walks the (application_id, …) index instead: one random heap read per entry, in
    // random-UUID order (3,000,000 loans: 15 s of the query's 60 s under EXPLAIN ANALYZE); a
    // sequential scan with a hash aggregate used 14.6 CPU-s where the index walk used 18.1.
    planner: { enable_indexscan: 'off', enable_bitmapscan: 'off' },
  },
  // Active records only: repaired (信用修复) and withdrawn (撤销) records are never reported. Every
  // record table: `all_credit_records` (see migrations/20261207110100_typed_record_tables.ts).
  credit_records: {
    sql: `select 'credit_record' as record_type, c.category || ':' || c.record_key as source_id, me.district_code as region_code,
        c.uscc::text as uscc, c.category, c.business_date::text as business_date, c.publicity_end::text as publicity_end
      from all_credit_records c join market_entities me on me.uscc = c.uscc
      where c.status = 'active' and c.category = any(?) and (c.business_date is null or c.business_date < ?::date)
        and (c.publicity_end is null or c.publicity_end >= ?::date)
        and exists (select 1 from enterprises e where e.uscc = c.uscc)
      order by c.category || ':' || c.record_key collate "C"`,
    bindings: (p) => [p.codeKeys('category'), p.endDate, p.startDate],
  },
};

export function extraction(source: string, params: SourceParams): { sql: string; bindings: Knex.RawBinding[]; planner: Record<string, 'on' | 'off'> } {
  const found = EXTRACTIONS[source];
  if (!found) throw new Error(`unknown national-feed source ${source}`);
  return { sql: found.sql, bindings: found.bindings(params), planner: found.planner ?? {} };
}

/** Whether a credit record was repaired or withdrawn after `since` (a delivered revision may now hold it). */
export async function recordsEndedSince(db: Knex | Knex.Transaction, since: Date): Promise<boolean> {
  const { rows } = (await db.raw(
    `select exists (select 1 from all_credit_records where status in ('repaired', 'withdrawn') and status_changed_at > ?) as ended`,
    [since],
  )) as { rows: { ended: boolean }[] };
  return rows[0]!.ended;
}

const CURSOR = 'national_feed_rows';

/**
 * Streams a source's rows through a server-side cursor, `batch` rows per FETCH. Works on
 * PostgreSQL and PGlite alike (plain DECLARE/FETCH in the transaction, no driver extension).
 * The next FETCH is sent before the caller maps the current batch, so the database produces
 * rows while JavaScript encodes them.
 */
export async function* streamSource(trx: Knex.Transaction, source: string, params: SourceParams, batch: number): AsyncGenerator<Record<string, unknown>[]> {
  const { sql, bindings } = extraction(source, params);
  // The whole result is read: plan for total time (hash joins, one in-memory sort), not first rows.
  await trx.raw('set local cursor_tuple_fraction = 1.0');
  await trx.raw("set local work_mem = '64MB'");
  await trx.raw(`declare ${CURSOR} no scroll cursor for ${sql}`, bindings);
  const fetch = () => {
    // knex runs a query each time its builder is then-ed: Promise.resolve runs this FETCH exactly once.
    const pending = Promise.resolve(trx.raw(`fetch ${batch} from ${CURSOR}`)) as Promise<{ rows: Record<string, unknown>[] }>;
    // Observed when awaited; this only keeps an abandoned read-ahead from being an unhandled rejection.
    pending.catch(() => undefined);
    return pending;
  };
  try {
    let next = fetch();
    for (;;) {
      const { rows } = await next;
      if (rows.length < batch) {
        if (rows.length > 0) yield rows;
        return;
      }
      next = fetch();
      yield rows;
    }
  } finally {
    // After a failed statement the transaction is aborted and has dropped its cursors already.
    await trx.raw(`close ${CURSOR}`).catch(() => undefined);
  }
}
