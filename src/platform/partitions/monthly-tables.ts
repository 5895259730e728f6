/**
 * The tables partitioned by Asia/Shanghai month (declarative range partitions named
 * `<table>_pYYYYMM`, plus `<table>_default`), and the retention setting that governs each.
 * Enrolling a table is one line here plus the migration that converts it (as
 * `migrations/20261207140100_partition_by_month.ts` does); the maintenance job then creates its
 * partitions ahead and retires them (docs/decisions/0016-monthly-partitions-and-retention.md).
 */
export type RetentionSetting = 'accessLogMonths' | 'loanEventMonths';

export interface MonthlyTable {
  readonly table: string;
  /** The `timestamptz` partition key. */
  readonly key: string;
  readonly retention: RetentionSetting;
}

export const MONTHLY_TABLES: readonly MonthlyTable[] = [
  { table: 'consent_access_log', key: 'accessed_at', retention: 'accessLogMonths' },
  { table: 'loan_application_events', key: 'occurred_at', retention: 'loanEventMonths' },
];

/** Months kept after the current one, per setting; null keeps every partition. */
export type RetentionMonths = Readonly<Record<RetentionSetting, number | null>>;
