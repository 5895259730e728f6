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
 * PostgreSQL SQLSTATE 23505, raised through `pg` or PGlite directly (knex) or wrapped by
 * objection as `UniqueViolationError` (which carries no `code` of its own).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof UniqueViolationError) return true;
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
