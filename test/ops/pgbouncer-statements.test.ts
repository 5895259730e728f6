import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStatementPool } from '../../src/db/statement-pool.js';
import { startPgBouncer, type PgBouncer } from '../../scripts/ops/pgbouncer.js';
import { startOpsCluster, type OpsCluster } from '../../scripts/ops/postgres-cluster.js';

const within = <T>(ms: number, work: Promise<T>) =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);

/**
 * Why DATABASE_PREPARED_STATEMENTS=false exists: behind Debian's PgBouncer (1.18, transaction
 * pooling, two server connections for eight clients) named prepared statements collide, because
 * a client's next statement may run on a server connection where another client prepared the
 * same name, or where its own is missing (or a connection is left waiting and the query never
 * answers). Unnamed statements do not.
 */
let cluster: OpsCluster;
// One PgBouncer each: a named-statement run can leave PgBouncer's server connections stuck.
const bouncers: PgBouncer[] = [];
beforeAll(async () => {
  cluster = await startOpsCluster('statements');
  cluster.psql('create database app');
  bouncers.push(await startPgBouncer(cluster.port, 'app', 2), await startPgBouncer(cluster.port, 'app', 2));
}, 120_000);
afterAll(async () => {
  await Promise.all(bouncers.map((b) => b.stop()));
  cluster?.destroy();
});

const run = async (prepared: boolean) => {
  const pool = postgresStatementPool(bouncers[prepared ? 0 : 1]!.url('app'), 8, prepared, (error) => console.warn(error));
  const failures: string[] = [];
  const sums = await Promise.all(
    Array.from({ length: 400 }, (_, i) =>
      within(10_000, pool.query<{ n: number }>('gate_probe', 'select ?::int + 1 as n', [i])).then(
        (rows) => rows[0]?.n,
        (error: Error) => void failures.push(error.message),
      ),
    ),
  );
  await within(5_000, pool.close()).catch(() => undefined);
  return { failures, sums };
};

describe('the statement pool behind PgBouncer in transaction pooling', () => {
  it('fails with named prepared statements and works with unnamed ones', async () => {
    const named = await run(true);
    expect(named.failures.length).toBeGreaterThan(0);
    expect(named.failures.join('\n')).toMatch(/prepared statement "gate_probe"|no answer within/);
    const unnamed = await run(false);
    expect(unnamed.failures).toEqual([]);
    expect(unnamed.sums).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
  });
});
