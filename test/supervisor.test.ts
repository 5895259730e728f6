import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVER_ARGS } from '../scripts/server-build.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';
import { TEST_SM4_KEY } from './helpers/test-platform.js';

let supervisor: ChildProcess | undefined;
let database: TestDatabase | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'xyd-supervised-'));

afterAll(async () => {
  if (supervisor && supervisor.exitCode === null) supervisor.kill('SIGKILL');
  for (const pid of platformPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const platformPids: number[] = [];
let output = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${output.slice(-3_000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('npm start supervisor', () => {
  it('restarts the platform killed during an upload, fails that batch with a reason, and stops with it when npm start gets SIGTERM', { timeout: 300_000 }, async () => {
    database = await createTestDatabase();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // As a user or a process manager starts it: npm runs the builds, then the supervisor.
    supervisor = spawn('npm', ['start', '--silent'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        JWT_SECRET: 'test-secret-test-secret-test-secret-42',
        SM4_KEY: TEST_SM4_KEY,
        LOG_LEVEL: 'warn',
        DEMO_ENTITY_COUNT: '100',
        DEMO_CREDIT_RECORD_ENTITIES: '0',
        INGEST_STALE_BATCH_SECONDS: '2',
        ...(database.config.kind === 'postgres' ? { DATABASE_URL: database.config.url } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      for (const m of chunk.toString().matchAll(/platform started \(pid (\d+)\)/g)) platformPids.push(Number(m[1]));
    };
    supervisor.stdout!.on('data', collect);
    supervisor.stderr!.on('data', collect);

    const healthy = (timeoutMs?: number) => until('the platform to answer', async () => ((await fetch(`${base}/healthz`)).status === 200 ? true : undefined), timeoutMs);
    // The first start may build the portal first.
    await healthy(180_000);
    // What it supervises is the build, run by plain node (no TypeScript loader in the process).
    expect(readFileSync(`/proc/${platformPids[0]}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(1)).toEqual(SERVER_ARGS);
    const login = await fetch(`${base}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'tax_feed', password: 'Demo@2026' }) });
    const token = ((await login.json()) as { accessToken: string }).accessToken;

    // An upload that sends its header and then keeps the request open, as a slow sender does.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('uscc,period,taxType,amountPaid\n'));
      },
    });
    const uploading = fetch(`${base}/api/v1/ingestion/tax_payments/files?formatVersion=1`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    } as RequestInit).catch((error: unknown) => error);
    type Batch = { id: string; status: string; failure: string | null };
    const batches = async () => (await (await fetch(`${base}/api/v1/ingestion/batches?limit=5`, { headers: { authorization: `Bearer ${token}` } })).json()) as Batch[];
    const loading = await until('the upload to open a batch', async () => (await batches()).find((b) => b.status === 'processing'));

    const first = platformPids[0]!;
    process.kill(first, 'SIGKILL');
    expect(await uploading).toBeInstanceOf(Error);
    await until('a second platform process', async () => (platformPids.length > 1 ? true : undefined));
    await healthy();
    expect(output).toMatch(/platform stopped \(SIGKILL\); restarting in 1 s/);

    const ended = await until('the interrupted batch to be failed', async () => {
      const again = await fetch(`${base}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'tax_feed', password: 'Demo@2026' }) });
      const fresh = ((await again.json()) as { accessToken: string }).accessToken;
      const list = (await (await fetch(`${base}/api/v1/ingestion/batches?limit=5`, { headers: { authorization: `Bearer ${fresh}` } })).json()) as Batch[];
      const found = list.find((b) => b.id === loading.id);
      return found?.status === 'failed' ? found : undefined;
    });
    expect(ended.failure).toContain('平台在处理该批次时停止');

    const exited = new Promise<number | null>((resolve) => supervisor!.once('exit', (code) => resolve(code)));
    supervisor.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(() => process.kill(platformPids[1]!, 0)).toThrow();
  });
});
