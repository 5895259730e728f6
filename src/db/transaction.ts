import type { Knex } from 'knex';
import { UniqueViolationError } from 'objection';
import type { DbOrTrx } from './database.js';

/**
 * Services decide where a transaction starts and hand the `tx` to every store call.
 * Unit tests pass `fakeTransactionRunner`, whose `tx` the fake stores ignore; its nested
 * `tx.transaction(work)` (a savepoint) runs `work` in place.
 */
export type TransactionRunner = <T>(work: (tx: DbOrTrx) => Promise<T>) => Promise<T>;

export function transactionRunner(knex: Knex): TransactionRunner {
  return (work) => knex.transaction((trx) => work(trx));
}

const fakeTx = { transaction: (work: (tx: DbOrTrx) => Promise<unknown>) => work(fakeTx as unknown as DbOrTrx) };
export const fakeTransactionRunner: TransactionRunner = (work) => work(fakeTx as unknown as DbOrTrx);

/**
 * The SQLSTATE of a failed statement, as `pg` or PGlite raise it (knex passes it through) or
 * inside objection's wrapper (`nativeError`); undefined for anything else.
 */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, nativeError } = error as { code?: unknown; nativeError?: unknown };
  if (nativeError !== undefined && nativeError !== error) return sqlState(nativeError);
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** SQLSTATE 23505, or objection's `UniqueViolationError` (which carries no `code` of its own). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof UniqueViolationError || sqlState(error) === '23505';
}

/** SQLSTATE 55P03: a lock not obtained within `lock_timeout` (or NOWAIT). */
export const isLockTimeout = (error: unknown): boolean => sqlState(error) === '55P03';

/** Socket failures reaching the server (`pg` passes Node's codes through). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/** SQLSTATEs of a server that is stopping, starting, restarting or full: 57P01-03, 53300, class 08. */
const SERVER_GONE = /^(57P0[123]|53300|08...)$/;

/**
 * The database cannot be reached or has no room for this connection: a stopped or restarting
 * server, a terminated backend, `max_connections` reached, no pooled connection within the
 * acquire timeout. Such a failure passes with the outage, unlike a failing statement. Objection
 * wraps the driver's error (`nativeError`).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name, message, nativeError } = error as { code?: unknown; name?: unknown; message?: unknown; nativeError?: unknown };
  if (nativeError !== undefined && nativeError !== error) return isDatabaseUnavailable(nativeError);
  if (typeof code === 'string') return UNREACHABLE.has(code) || SERVER_GONE.test(code);
  // knex's pool gave no connection in time; pg's client lost its connection mid-query (no code).
  return name === 'KnexTimeoutError' || (typeof message === 'string' && /^Connection terminated/.test(message));
}

/** SQLSTATE class 22 (data exception): the statement could not compute with a value it read. */
export function isDataException(error: unknown): boolean {
  return sqlState(error)?.startsWith('22') ?? false;
}
