import { describe, expect, it } from 'vitest';
import type { DbOrTrx } from './database.js';
import { preparedInTransaction } from './prepared-query.js';

/** A transaction of the given client that records the raw queries it runs and the options they carry. */
function fakeTransaction(config: { client?: unknown; preparedStatements?: boolean }) {
  const runs: { sql: string; bindings: unknown[]; options?: object }[] = [];
  const tx = {
    client: { config },
    raw(sql: string, bindings: unknown[]) {
      const run: (typeof runs)[number] = { sql, bindings };
      runs.push(run);
      const query = {
        options(options: object) {
          run.options = options;
          return query;
        },
        then: (resolve: (result: { rows: unknown[] }) => unknown) => resolve({ rows: [{ n: bindings.length }] }),
      };
      return query;
    },
  };
  return { tx: tx as unknown as DbOrTrx, runs };
}

describe('preparedInTransaction', () => {
  it('names the statement on PostgreSQL, and runs it unnamed on PGlite or with prepared statements turned off', async () => {
    for (const [config, named] of [
      [{ client: 'pg' }, true],
      [{ client: 'pg', preparedStatements: false }, false],
      [{ client: class PGlite {} }, false],
    ] as const) {
      const { tx, runs } = fakeTransaction(config);
      expect(await preparedInTransaction(tx, 'set_rebuild', 'select ?, ?', ['a', 'b'])).toEqual([{ n: 2 }]);
      expect(runs).toEqual([{ sql: 'select ?, ?', bindings: ['a', 'b'], ...(named ? { options: { name: 'set_rebuild' } } : {}) }]);
    }
  });
});
