import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, handToPostgres, postgresBinDir, runAsPostgres } from './processes.js';

/**
 * A PostgreSQL cluster of its own for the operations checks: WAL kept for streaming replicas and
 * archived to a directory (point-in-time recovery), durable settings (fsync on: a restore or a
 * failover is only worth proving on a cluster that would survive a crash).
 */
export interface OpsCluster {
  readonly dir: string;
  readonly dataDir: string;
  readonly archiveDir: string;
  readonly port: number;
  url(database?: string): string;
  psql(sql: string, database?: string): string;
  stop(): void;
  /** Stops and deletes the cluster's directory. */
  destroy(): void;
}

export const bin = (name: string) => join(postgresBinDir(), name);

export function clusterAt(dir: string, dataDir: string, archiveDir: string, port: number): OpsCluster {
  const cluster: OpsCluster = {
    dir,
    dataDir,
    archiveDir,
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    psql: (sql, database = 'postgres') => runAsPostgres(bin('psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c', sql]).trim(),
    stop: () => {
      try {
        runAsPostgres(bin('pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } catch {
        // already stopped
      }
    },
    destroy: () => {
      cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}

export function startAt(dataDir: string, dir: string, port: number): void {
  const log = join(dir, `server-${port}.log`);
  try {
    runAsPostgres(bin('pg_ctl'), ['-D', dataDir, '-l', log, '-w', '-t', '120', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
  } catch (error) {
    throw new Error(`${String(error)}\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-3_000) : ''}`, { cause: error });
  }
}

export async function startOpsCluster(name: string): Promise<OpsCluster> {
  const dir = mkdtempSync(join(tmpdir(), `xyd-ops-${name}-`));
  handToPostgres(dir);
  const dataDir = join(dir, 'data');
  const archiveDir = join(dir, 'wal-archive');
  mkdirSync(archiveDir);
  handToPostgres(archiveDir);
  runAsPostgres(bin('initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  writeFileSync(
    join(dataDir, 'postgresql.auto.conf'),
    [
      'wal_level = replica',
      'max_wal_senders = 5',
      'max_replication_slots = 5',
      'hot_standby = on',
      'archive_mode = on',
      `archive_command = 'test ! -f ${archiveDir}/%f && cp %p ${archiveDir}/%f'`,
      'max_connections = 300',
      'shared_buffers = 128MB',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dataDir, 'pg_hba.conf'), ['local all all trust', 'host all all 127.0.0.1/32 trust', 'host replication all 127.0.0.1/32 trust', ''].join('\n'));
  handToPostgres(join(dataDir, 'postgresql.auto.conf'));
  handToPostgres(join(dataDir, 'pg_hba.conf'));
  const port = await freePort();
  startAt(dataDir, dir, port);
  return clusterAt(dir, dataDir, archiveDir, port);
}
