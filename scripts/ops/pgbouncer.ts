import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, handToPostgres, spawnAsPostgres, systemBinary, waitFor } from './processes.js';

export interface PgBouncer {
  readonly port: number;
  readonly version: string;
  url(database: string): string;
  stop(): Promise<void>;
}

/** Debian's PgBouncer version, e.g. `1.18.0`. */
export function pgbouncerVersion(): string {
  const out = spawnSync(systemBinary('pgbouncer'), ['--version'], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error('pgbouncer not installed (apt-get install -y pgbouncer)');
  return /PgBouncer (\d+\.\d+\.\d+)/.exec(out.stdout)?.[1] ?? 'unknown';
}

/**
 * PgBouncer in transaction pooling in front of one cluster's database. `options` is ignored (the
 * app's statement pool sends none with DATABASE_PREPARED_STATEMENTS=false; older clients send it).
 */
export async function startPgBouncer(postgresPort: number, database: string, poolSize = 20): Promise<PgBouncer> {
  const dir = mkdtempSync(join(tmpdir(), 'xyd-pgbouncer-'));
  handToPostgres(dir);
  const port = await freePort();
  const conf = join(dir, 'pgbouncer.ini');
  writeFileSync(join(dir, 'userlist.txt'), '"postgres" ""\n');
  writeFileSync(
    conf,
    [
      '[databases]',
      `${database} = host=127.0.0.1 port=${postgresPort} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 1000',
      `default_pool_size = ${poolSize}`,
      'ignore_startup_parameters = extra_float_digits,options',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  for (const f of ['userlist.txt', 'pgbouncer.ini']) handToPostgres(join(dir, f));
  const child: ChildProcess = spawnAsPostgres(systemBinary('pgbouncer'), [conf]);
  await waitFor('pgbouncer to listen', () => new Promise<true | undefined>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(undefined));
  }), 20_000);
  return {
    port,
    version: pgbouncerVersion(),
    url: (db) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      // By its pid file: as root, `child` is runuser, and PgBouncer runs beneath it.
      process.kill(Number(readFileSync(join(dir, 'pgbouncer.pid'), 'utf8').trim()), 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
