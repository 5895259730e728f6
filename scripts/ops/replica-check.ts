import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startPlatform, type RunningPlatform } from '../../src/server.js';
import { bin, clusterAt, startAt, startOpsCluster, type OpsCluster } from './postgres-cluster.js';
import { freePort, handToPostgres, runAsPostgres, sleep, waitFor } from './processes.js';

/**
 * A streaming replica on the same machine (a second cluster made with pg_basebackup -R), the
 * platform's oversight reads routed to it (DATABASE_READ_URL), the lag measured while the
 * platform writes, and the failover drill of docs/operations.md rehearsed: the primary stops,
 * the replica is promoted and takes writes.
 */
export interface ReplicaReport {
  /** Oversight reads went to a server in recovery (the replica). */
  oversightOnReplica: boolean;
  samples: number;
  /** Commit on the primary → visible on the replica, in milliseconds. */
  lagMs: { median: number; p99: number; max: number };
  /** pg_stat_replication.replay_lag at the end of the write load, in milliseconds. */
  replayLagMs: number | null;
  failover: { promoted: boolean; writable: boolean; seconds: number; rowsSeen: number };
}

const ENV = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '0',
  JWT_SECRET: 'replica-check-secret-replica-check-secret',
  SM4_KEY: '00112233445566778899aabbccddeeff',
  LOG_LEVEL: 'silent',
  SCHEDULER_ENABLED: 'false',
  BANK_SIMULATOR: 'false',
  DEMO_ENTITY_COUNT: '300',
  DEMO_CREDIT_RECORD_ENTITIES: '0',
};

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export async function runReplicaCheck(samples = 200): Promise<ReplicaReport> {
  const primary = await startOpsCluster('primary');
  const clusters: OpsCluster[] = [primary];
  let platform: RunningPlatform | undefined;
  try {
    primary.psql('create database app');
    const replicaDir = join(primary.dir, 'replica');
    mkdirSync(replicaDir);
    handToPostgres(replicaDir);
    const replicaData = join(replicaDir, 'data');
    // -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica.
    runAsPostgres(bin('pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', replicaData, '-X', 'stream', '-c', 'fast', '-R']);
    const replicaPort = await freePort();
    startAt(replicaData, replicaDir, replicaPort);
    const replica = clusterAt(replicaDir, replicaData, primary.archiveDir, replicaPort);
    clusters.push(replica);
    await waitFor('the replica streaming', async () => (primary.psql(`select count(*) from pg_stat_replication where state = 'streaming'`) === '1' ? true : undefined), 30_000);

    const config = loadConfig({ ...ENV, DATABASE_URL: primary.url('app'), DATABASE_READ_URL: replica.url('app'), DATA_DIR: join(primary.dir, 'app-data') });
    platform = await startPlatform(config);
    const { knex, readKnex } = platform.database;
    const inRecovery = ((await readKnex.raw('select pg_is_in_recovery() as r')) as { rows: { r: boolean }[] }).rows[0]!.r;
    const token = ((await (await fetch(`${platform.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'jrj_viewer', password: 'Demo@2026' }) })).json()) as { accessToken: string }).accessToken;
    const kpis = await fetch(`${platform.url}/api/v1/oversight/kpis`, { headers: { authorization: `Bearer ${token}` } });
    if (kpis.status !== 200) throw new Error(`oversight figures from the replica failed: ${kpis.status} ${await kpis.text()}`);

    // Lag: a row committed on the primary, then the time until the replica's pool sees it, while
    // other writes keep the primary busy.
    await knex.raw('create table if not exists ops_lag_probe (id bigserial primary key, payload text)');
    let writing = true;
    const background = (async () => {
      while (writing) await knex('ops_lag_probe').insert(Array.from({ length: 200 }, () => ({ payload: 'x'.repeat(200) })));
    })();
    const lags: number[] = [];
    for (let i = 0; i < samples; i++) {
      const [{ id }] = (await knex('ops_lag_probe').insert({ payload: `probe ${i}` }).returning('id')) as [{ id: string }];
      const committed = performance.now();
      await waitFor('the probe on the replica', async () => ((await readKnex('ops_lag_probe').where({ id }).first('id')) ? true : undefined), 30_000, 1);
      lags.push(performance.now() - committed);
      await sleep(5);
    }
    const replayLag = primary.psql(`select coalesce(extract(epoch from replay_lag) * 1000, 0)::numeric(12,1) from pg_stat_replication`);
    writing = false;
    await background;
    const rowsOnPrimary = Number(((await knex('ops_lag_probe').count({ n: '*' })) as [{ n: string }])[0].n);
    await platform.stop();
    platform = undefined;

    // Failover drill: the primary is gone; the replica is promoted and takes writes.
    await waitFor('the replica caught up', async () => (replica.psql('select count(*) from ops_lag_probe', 'app') === String(rowsOnPrimary) ? true : undefined), 30_000);
    primary.stop();
    const started = performance.now();
    runAsPostgres(bin('pg_ctl'), ['-D', replicaData, '-w', 'promote']);
    const promoted = replica.psql('select not pg_is_in_recovery()') === 't';
    replica.psql(`insert into ops_lag_probe (payload) values ('after failover')`, 'app');
    const rowsSeen = Number(replica.psql('select count(*) from ops_lag_probe', 'app'));
    const seconds = (performance.now() - started) / 1_000;

    const sorted = [...lags].sort((a, b) => a - b);
    const round = (n: number) => Number(n.toFixed(1));
    return {
      oversightOnReplica: inRecovery,
      samples,
      lagMs: { median: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? 0) },
      replayLagMs: replayLag === '' ? null : Number(replayLag),
      failover: { promoted, writable: rowsSeen === rowsOnPrimary + 1, seconds: round(seconds), rowsSeen },
    };
  } finally {
    await platform?.stop();
    for (const c of clusters.reverse()) c.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runReplicaCheck().then(
    (report) => {
      console.log(JSON.stringify(report));
      process.exit(report.oversightOnReplica && report.failover.writable ? 0 : 1);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
