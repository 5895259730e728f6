import type { Knex } from 'knex';
import pg from 'pg';
import { toDollar } from './placeholders.js';

/**
 * Where the hottest statements run (the consent gate's): named prepared statements, parsed once
 * per connection and always executed on their generic plan. On PostgreSQL that is a small pool
 * of its own whose sessions set `plan_cache_mode = force_generic_plan`: left to choose,
 * PostgreSQL re-plans a statement over array parameters for every small array (a custom plan
 * looks cheaper when it can count the elements), and planning the gate costs more than running
 * it. The setting stays on these connections; the knex pool keeps the default for everything
 * else. On PGlite (one connection, no pool) a statement is a plain query.
 */
export interface StatementPool {
  query<T>(name: string, sql: string, bindings: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * `prepared: false` (behind a transaction-pooling PgBouncer without prepared-statement support):
 * statements go unnamed and the session setting is not sent (PgBouncer refuses `options`), so
 * each call is planned afresh: slower, but correct whichever server connection it lands on.
 */
export function postgresStatementPool(url: string, max: number, prepared: boolean, onIdleError: (error: Error) => void): StatementPool {
  const pool = new pg.Pool({ connectionString: url, max, ...(prepared ? { options: '-c plan_cache_mode=force_generic_plan' } : {}) });
  // An idle connection the server closes (a restart, `pg_terminate_backend`) is an 'error' event
  // on the pool, which without a listener stops the process; the pool has dropped it already.
  pool.on('error', onIdleError);
  return {
    async query<T>(name: string, sql: string, bindings: readonly unknown[]) {
      const { rows } = await pool.query(prepared ? { name, text: toDollar(sql), values: [...bindings] } : { text: toDollar(sql), values: [...bindings] });
      return rows as T[];
    },
    close: () => pool.end(),
  };
}

export function knexStatementPool(knex: Knex): StatementPool {
  return {
    async query<T>(_name: string, sql: string, bindings: readonly unknown[]) {
      const { rows } = (await knex.raw(sql, bindings as unknown[] as never)) as { rows: T[] };
      return rows;
    },
    close: async () => undefined,
  };
}
