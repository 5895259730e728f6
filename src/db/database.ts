import { mkdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import knexFactory, { type Knex } from 'knex';
import ClientPGLite from 'knex-pglite';
import pg from 'pg';
import { lockDatabaseFolder } from './database-folder-lock.js';
import { knexStatementPool, postgresStatementPool, type StatementPool } from './statement-pool.js';
import { typeParsers } from './type-parsers.js';

export type Db = Knex;
export type DbOrTrx = Knex | Knex.Transaction;
/** Which engine, and where: the embedded PGlite in a folder (or `memory://`), or PostgreSQL at a URL. */
export type DatabaseSettings =
  | {
      readonly kind: 'pglite';
      readonly dir: string;
      /**
       * A data folder as PGlite's `dumpDataDir` wrote it (a tar file), which a new database in
       * `memory://` starts from instead of an empty cluster: the tests start each file from one
       * migrated template, as on PostgreSQL they clone a template database.
       */
      readonly template?: string;
    }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      readonly poolMax: number;
      /**
       * False behind a transaction-pooling PgBouncer older than 1.21 (Debian 12 ships 1.18): named
       * prepared statements live on one server connection, and the next transaction may get
       * another. Hot statements then go as unnamed extended-protocol statements (parse, bind and
       * execute in one round trip), which pool safely. Default true.
       */
      readonly preparedStatements?: boolean;
      /**
       * A streaming replica for the read paths that tolerate a little lag (the financial office's
       * oversight figures); unset, they read the primary.
       */
      readonly readUrl?: string;
    };
export type DatabaseKind = DatabaseSettings['kind'];

/** The knex pool's state (tarn): connections in use, idle, queries waiting for one, and the size limit. */
export interface PoolStats {
  used: number;
  free: number;
  pending: number;
  max: number;
}

export interface Database {
  readonly knex: Knex;
  /** The replica's pool when one is configured, else the same as `knex`. Never written through. */
  readonly readKnex: Knex;
  readonly kind: DatabaseKind;
  readonly statements: StatementPool;
  poolStats(): PoolStats;
  /** One round trip (`select 1`): readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

/**
 * Where the database layer reports what happens outside any query: a pooled connection the server
 * closed while it sat idle (a restart, `pg_terminate_backend`), a connection that could not be
 * opened. The pools drop such a connection and open a new one for the next query, whose own
 * failure, if any, reaches its caller; these reports are for the operators' log only.
 */
export interface DatabaseLog {
  warn(message: string, error?: unknown): void;
}

/** Without a log (scripts, tests), knex's own lines go to the console as before. */
const consoleLog: DatabaseLog = { warn: (message, error) => console.warn(message, error ?? '') };

const ping = (knex: Knex) => async () => void (await knex.raw('select 1'));

function knexPoolStats(knex: Knex): PoolStats {
  const pool = (knex.client as { pool?: TarnPool }).pool;
  if (!pool) return { used: 0, free: 0, pending: 0, max: 0 };
  return { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires(), max: pool.max };
}

for (const [oid, parse] of Object.entries(typeParsers)) pg.types.setTypeParser(Number(oid), parse);

/**
 * knex-pglite 0.14 names a delete's result after knex's method (`DEL`), which knex's PostgreSQL
 * dialect does not recognise, so `.delete()` resolved to the raw result instead of the number of
 * rows deleted (and "deleted one?" checks were always false on the embedded database).
 */
const PGliteBase = ClientPGLite as unknown as new (config: Knex.Config) => { processResponse(obj: object, runner: unknown): unknown };
class PGliteClient extends PGliteBase {
  override processResponse(obj: { method?: string }, runner: unknown): unknown {
    return super.processResponse(obj.method === 'del' ? { ...obj, method: 'delete' } : obj, runner);
  }
}

/** Opens the embedded PGlite (creating its parent folders) or a pooled PostgreSQL connection. */
export async function openDatabase(database: DatabaseSettings, log: DatabaseLog = consoleLog): Promise<Database> {
  if (database.kind === 'postgres') {
    // knex reports lost and unopenable connections through `log.warn` as plain text, with the
    // driver error's stack appended: the first line is the event, one log line each.
    const firstLine = (message: string) => message.split('\n')[0] ?? message;
    const knexLog = { warn: (message: string) => log.warn(firstLine(message)), error: (message: string) => log.warn(firstLine(message)) };
    const knex = knexFactory({
      client: 'pg',
      connection: database.url,
      pool: { min: 0, max: database.poolMax },
      log: knexLog,
    });
    const prepared = database.preparedStatements !== false;
    const statements = postgresStatementPool(database.url, database.poolMax, prepared, (error) => log.warn('database connection of the statement pool lost while idle', error));
    if (!prepared) (knex.client.config as { preparedStatements?: boolean }).preparedStatements = false;
    const readKnex = database.readUrl ? knexFactory({ client: 'pg', connection: database.readUrl, pool: { min: 0, max: database.poolMax }, log: knexLog }) : knex;
    const close = async () => void (await Promise.all([knex.destroy(), statements.close(), readKnex === knex ? undefined : readKnex.destroy()]));
    return { knex, readKnex, kind: 'postgres', statements, poolStats: () => knexPoolStats(knex), ping: ping(knex), close };
  }
  let release = () => {};
  if (database.dir !== 'memory://') {
    if (database.template) throw new Error('a PGlite template starts an in-memory database only');
    mkdirSync(database.dir, { recursive: true });
    release = lockDatabaseFolder(database.dir);
  }
  const loadDataDir = database.template ? new Blob([readFileSync(database.template)]) : undefined;
  const pglite = new PGlite(database.dir, { parsers: typeParsers, loadDataDir });
  try {
    await pglite.waitReady;
  } catch (error) {
    release();
    throw error;
  }
  const knex = knexFactory({ client: PGliteClient as unknown as typeof ClientPGLite, dialect: 'postgres', connection: { pglite } } as Knex.Config);
  const close = async () => {
    try {
      await knex.destroy();
    } finally {
      release();
    }
  };
  return { knex, readKnex: knex, kind: 'pglite', statements: knexStatementPool(knex), poolStats: () => knexPoolStats(knex), ping: ping(knex), close };
}
