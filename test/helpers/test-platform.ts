import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { startPlatform, type RunningPlatform, type StartOptions } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { seedNeutral, testPlatformEnv } from './test-platform-env.js';

export { TEST_SM4_KEY } from './test-platform-env.js';

export interface TestPlatform extends RunningPlatform {
  config: Config;
  /** fetch against the platform; JSON bodies are serialised, the token becomes a Bearer header. */
  api(path: string, init?: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> }): Promise<Response>;
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** The real platform (same boot path as `npm start`) on a free port and an isolated database. */
export async function startTestPlatform(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestPlatform> {
  const db: TestDatabase = await createTestDatabase({ seeded: seedNeutral(env) });
  const dataDir = mkdtempSync(join(tmpdir(), 'xyd-data-'));
  const config = loadConfig({
    ...testPlatformEnv(dataDir),
    ...(db.config.kind === 'postgres' ? { DATABASE_URL: db.config.url } : {}),
    ...env,
  });
  const effective: Config = db.config.kind === 'pglite' ? { ...config, database: db.config } : config;
  const platform = await startPlatform(effective, options);
  // The demo records' profiles are built by the drain a fresh seed starts (reads never build): tests
  // begin where a running platform is, with them built (as they are in the seeded template).
  await platform.services.profiles.settled();
  const api: TestPlatform['api'] = (path, init = {}) =>
    fetch(platform.url + path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
  return {
    ...platform,
    config: effective,
    api,
    async login(username, password = 'Demo@2026') {
      const res = await api('/api/v1/auth/token', { body: { username, password } });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    },
    async close() {
      await platform.stop();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
