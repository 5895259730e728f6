import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * Process plumbing for the operations scripts (several instances, PgBouncer, nginx, a replica,
 * a restore): PostgreSQL's tools and PgBouncer refuse to run as root, so as root they run as the
 * `postgres` user Debian's packages create, in directories handed to that user.
 */
export const isRoot = process.getuid?.() === 0;

export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions[0]) throw new Error('PostgreSQL server binaries not found (apt-get install -y postgresql)');
  return join(root, versions[0], 'bin');
}

/** Hands a directory to the `postgres` user when running as root (no-op otherwise). */
export function handToPostgres(dir: string): void {
  if (!isRoot) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(dir, uid, gid);
}

const asPostgres = (cmd: string, args: readonly string[]): [string, string[]] => (isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, [...args]]);

/** Runs a command to completion (as `postgres` when root); throws with its output on failure. */
export function runAsPostgres(cmd: string, args: readonly string[]): string {
  const [file, argv] = asPostgres(cmd, args);
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** Starts a long-running command (as `postgres` when root), its output kept for diagnosis. */
export function spawnAsPostgres(cmd: string, args: readonly string[]): ChildProcess {
  const [file, argv] = asPostgres(cmd, args);
  return spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** A Debian system binary by name, found in /usr/sbin when that is not on a non-root PATH. */
export function systemBinary(name: string): string {
  return existsSync(`/usr/sbin/${name}`) ? `/usr/sbin/${name}` : name;
}
