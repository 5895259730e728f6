import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSm2KeyPair } from '../../src/platform/sm2.js';
import { ROOT } from '../build-lock.js';
import { BUILT_SERVER_ENTRY, SERVER_ARGS } from '../server-build.js';
import { freePort, waitFor } from './processes.js';

/** One platform process (the build `npm start` runs, see scripts/server-build.ts), its JSON log lines kept. */
export interface Instance {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  readonly logs: Record<string, unknown>[];
  /** SIGKILL: the process dies mid-work, as an out-of-memory kill would. */
  kill(): void;
  stop(): Promise<void>;
}

/**
 * Settings every instance of one deployment shares: the same database and the same secrets (a
 * token issued by one instance is checked by another; SM4-encrypted columns read everywhere).
 */
export function sharedSettings(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const sm2 = generateSm2KeyPair();
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    SM4_KEY: randomBytes(16).toString('hex'),
    PLATFORM_SM2_PRIVATE_KEY: sm2.privateKey,
    PLATFORM_SM2_PUBLIC_KEY: sm2.publicKey,
    METRICS_TOKEN: randomBytes(24).toString('hex'),
    TRUST_PROXY: 'true',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/**
 * Runs the platform as built by `ensureServerBuilt()`, which the caller does once before its instances
 * start. `nodeArgs` go before the script (e.g. `--cpu-prof`, which NODE_OPTIONS refuses).
 */
export async function startInstance(settings: Record<string, string>, timeoutMs = 180_000, nodeArgs: readonly string[] = []): Promise<Instance> {
  if (!existsSync(BUILT_SERVER_ENTRY)) throw new Error('the platform is not built: call ensureServerBuilt() first');
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'xyd-instance-'));
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...SERVER_ARGS], {
    cwd: ROOT,
    env: { ...process.env, ...settings, PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let pending = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    `instance on ${port} to be ready`,
    async () => {
      if (exited) throw new Error(`instance exited: ${stderr.slice(-2_000)}`);
      return (await fetch(`${url}/health/ready`)).status === 200 ? true : undefined;
    },
    timeoutMs,
    250,
  );
  return {
    port,
    url,
    pid: child.pid!,
    logs,
    kill: () => child.kill('SIGKILL'),
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await Promise.race([exit, new Promise((r) => setTimeout(r, 15_000))]);
        if (!exited) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
