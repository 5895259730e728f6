/**
 * The tables partitioned by month (declarative range partitions named `<table>_pYYYYMM`, plus
 * `<table>_default`), and the retention setting that governs each. Enrolling a table is one
 * line here plus the migration that converts it (as `migrations/20261207140100_partition_by_month.ts`
 * does); the maintenance job then creates its partitions ahead and retires them
 * (docs/decisions/0016-monthly-partitions-and-retention.md).
 */
export type RetentionSetting = 'accessLogMonths' | 'loanEventMonths' | 'periodRecordMonths';

export interface MonthlyTable {
  readonly table: string;
  /** The partition key. */
  readonly key: string;
  /**
   * `instant`: a `timestamptz`, partitioned by Asia/Shanghai month. `period`: a `char(7)` 'YYYY-MM'
   * month a record describes; such a table arrives with past months too, and its rows may move, so
   * maintenance gives a month caught in the default partition its own partition, moving its rows.
   */
  readonly kind: 'instant' | 'period';
  readonly retention: RetentionSetting;
}

const periodTable = (table: string): MonthlyTable => ({ table, key: 'period', kind: 'period', retention: 'periodRecordMonths' });

/** The ingested records partitioned by the month they describe (纳税, 社保, 公积金, 水电气, 进出口). */
export const PERIOD_RECORD_TABLES: readonly string[] = [
  'tax_payment_records', 'social_security_records', 'provident_fund_records', 'utilities_records', 'import_export_records',
];

export const MONTHLY_TABLES: readonly MonthlyTable[] = [
  { table: 'consent_access_log', key: 'accessed_at', kind: 'instant', retention: 'accessLogMonths' },
  // Shown beside the reads the access log keeps (查询记录): kept as long.
  { table: 'consent_refused_reads', key: 'attempted_at', kind: 'instant', retention: 'accessLogMonths' },
  { table: 'loan_application_events', key: 'occurred_at', kind: 'instant', retention: 'loanEventMonths' },
  ...PERIOD_RECORD_TABLES.map(periodTable),
  // Replaced values explain the versions that served the reads the access log keeps: kept as long.
  { table: 'credit_record_history', key: 'superseded_at', kind: 'instant', retention: 'accessLogMonths' },
];

/** Months kept after the current one, per setting; null keeps every partition. */
export type RetentionMonths = Readonly<Record<RetentionSetting, number | null>>;

/** The same retirer for every record table partitioned by period. */
export const recordMonthRetirers = <R>(retirer: R): Record<string, R> => Object.fromEntries(PERIOD_RECORD_TABLES.map((table) => [table, retirer]));
