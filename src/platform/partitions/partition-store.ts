import type { DbOrTrx } from '../../db/database.js';
import { boundLiteral, type MonthRange } from './month-range.js';

/** One monthly partition of a table, as its name says (`<table>_pYYYYMM`). */
export interface MonthlyPartition {
  readonly name: string;
  readonly suffix: string;
}

export type CreateOutcome = 'created' | 'exists' | 'blocked';

export interface PartitionStore {
  /** The table's monthly partitions, oldest first (the default partition is not among them). */
  list(db: DbOrTrx, table: string): Promise<MonthlyPartition[]>;
  /**
   * Creates the month's partition unless it exists. `blocked` when rows of that month already sit
   * in the default partition (creating it would fail): they stay there, still readable, until an
   * operator moves them (docs/operations.md, "Partitions").
   */
  create(db: DbOrTrx, table: string, key: string, month: MonthRange): Promise<CreateOutcome>;
  /** Rows in the table's default partition (inserts outside every monthly partition). */
  defaultRows(db: DbOrTrx, table: string): Promise<number>;
  /** Detaches and drops one partition, inside the caller's transaction. */
  drop(tx: DbOrTrx, table: string, partition: string): Promise<void>;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
const ident = (name: string): string => {
  if (!IDENT.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return name;
};

export const partitionStore: PartitionStore = {
  async list(db, table) {
    const names = (
      await db.raw(
        `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
          where i.inhparent = cast(? as regclass) order by c.relname`,
        [ident(table)],
      )
    ).rows as { name: string }[];
    const pattern = new RegExp(`^${table}_p(\\d{6})$`);
    return names.flatMap(({ name }) => {
      const match = pattern.exec(name);
      return match ? [{ name, suffix: match[1]! }] : [];
    });
  },

  async create(db, table, key, month) {
    const name = `${ident(table)}_p${month.suffix}`;
    const exists = (await db.raw('select to_regclass(?) is not null as exists', [name])).rows[0] as { exists: boolean };
    if (exists.exists) return 'exists';
    const waiting = (
      await db.raw(`select exists (select 1 from ${table}_default where ${ident(key)} >= ? and ${key} < ?) as waiting`, [month.from, month.to])
    ).rows[0] as { waiting: boolean };
    if (waiting.waiting) return 'blocked';
    await db.raw(
      `create table if not exists ${name} partition of ${table} for values from ('${boundLiteral(month.from)}') to ('${boundLiteral(month.to)}')`,
    );
    return 'created';
  },

  async defaultRows(db, table) {
    const row = (await db.raw(`select count(*) as n from ${ident(table)}_default`)).rows[0] as { n: string | number };
    return Number(row.n);
  },

  async drop(tx, table, partition) {
    await tx.raw(`alter table ${ident(table)} detach partition ${ident(partition)}`);
    await tx.raw(`drop table ${partition}`);
  },
};
