import type { DbOrTrx } from './database.js';
import { toDollar } from './placeholders.js';

interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface PoolClient {
  config: { client?: unknown; preparedStatements?: boolean };
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

/**
 * Runs a hot statement as a named prepared statement on PostgreSQL (`pg`): parsed and planned
 * once per pooled connection instead of on every call, which for a multi-CTE statement costs
 * more than executing it. Inside a transaction, on PGlite, or with prepared statements turned off
 * (`DATABASE_PREPARED_STATEMENTS=false`, behind PgBouncer), it is a plain `raw` query.
 */
export async function preparedQuery<T>(db: DbOrTrx, name: string, sql: string, bindings: readonly unknown[]): Promise<T[]> {
  const client = db.client as unknown as PoolClient;
  if (client.config.client !== 'pg' || db.isTransaction || client.config.preparedStatements === false) {
    const { rows } = (await db.raw(sql, bindings as unknown[] as never)) as { rows: T[] };
    return rows;
  }
  const connection = await client.acquireConnection();
  try {
    const { rows } = await connection.query({ name, text: toDollar(sql), values: [...bindings] });
    return rows as T[];
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * A large statement run inside a transaction, as a named prepared statement on PostgreSQL (`pg`,
 * through knex, on the transaction's connection): parsed and planned once per connection instead of
 * on every run. Which plan it runs on is PostgreSQL's choice unless the transaction sets
 * `plan_cache_mode`. On PGlite, or with prepared statements turned off, a plain `raw` query.
 */
export async function preparedInTransaction<T>(tx: DbOrTrx, name: string, sql: string, bindings: readonly unknown[]): Promise<T[]> {
  const config = (tx.client as unknown as PoolClient).config;
  const query = tx.raw(sql, bindings as unknown[] as never);
  const named = config.client === 'pg' && config.preparedStatements !== false;
  const { rows } = (await (named ? query.options({ name }) : query)) as { rows: T[] };
  return rows;
}
