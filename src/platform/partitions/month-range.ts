const HOUR_MS = 3_600_000;

/** One Asia/Shanghai calendar month (a fixed UTC+8 since 1991) as a partition's bounds. */
export interface MonthRange {
  /** `YYYYMM`, the partition's name suffix. */
  readonly suffix: string;
  readonly from: Date;
  readonly to: Date;
}

/** The month `offset` months after the one holding `instant` (negative: before). */
export function shanghaiMonth(instant: Date, offset = 0): MonthRange {
  const local = new Date(instant.getTime() + 8 * HOUR_MS);
  const index = local.getUTCFullYear() * 12 + local.getUTCMonth() + offset;
  const start = (i: number) => new Date(Date.UTC(Math.floor(i / 12), i % 12, 1) - 8 * HOUR_MS);
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { suffix: `${year}${String(month).padStart(2, '0')}`, from: start(index), to: start(index + 1) };
}

/** The bound as a PostgreSQL literal in Shanghai time, as partition DDL needs it. */
export function boundLiteral(instant: Date): string {
  const local = new Date(instant.getTime() + 8 * HOUR_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}+08`;
}
