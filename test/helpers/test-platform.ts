import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { startPlatform, type RunningPlatform, type StartOptions } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_SM4_KEY = '0123456789abcdeffedcba9876543210';

export interface TestPlatform extends RunningPlatform {
  config: Config;
  /** fetch against the platform; JSON bodies are serialised, the token becomes a Bearer header. */
  api(path: string, init?: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> }): Promise<Response>;
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** The real platform (same boot path as `npm start`) on a free port and an isolated database. */
export async function startTestPlatform(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestPlatform> {
  const db: TestDatabase = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'xyd-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    JWT_SECRET: 'test-secret-test-secret-test-secret-42',
    SM4_KEY: TEST_SM4_KEY,
    LOG_LEVEL: 'silent',
    DEMO_ENTITY_COUNT: '300',
    DEMO_CREDIT_RECORD_ENTITIES: '50',
    // scrypt at N = 2^10 (about 1 ms) instead of 2^15 (about 0.15 s): the seed hashes three times
    // and every login verifies; what the hash itself must withstand is tested in src/platform.
    PASSWORD_SCRYPT_LOG2N: '10',
    // The bank simulator and the tests' receivers listen on loopback.
    EGRESS_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128',
    // Every test registers its enterprises from loopback; the per-address limit has its own test.
    SMS_CODE_MAX_PER_IP_PER_HOUR: '1000000',
    // Tests forge signed callbacks from loopback by the dozen; the limits per address and per claimed
    // sender have their own test.
    SIGNATURE_FAILURES_MAX_PER_ADDRESS: '1000000',
    SIGNATURE_FAILURES_MAX_PER_CLAIM: '1000000',
    // The demo banks retry an unacknowledged callback after 4, 10, 10 … minutes. A scripted
    // callback that overtakes the one before it on a loaded machine (a default before its
    // disbursement) is refused until that one arrives; at a thousandth of the schedule its retry
    // comes within a second, as the lending fixtures' simulator does, not after the test gave up.
    BANK_SIMULATOR_RETRY_SCALE: '0.001',
    ...(db.config.kind === 'postgres' ? { DATABASE_URL: db.config.url } : {}),
    ...env,
  });
  const effective: Config = db.config.kind === 'pglite' ? { ...config, database: db.config } : config;
  const platform = await startPlatform(effective, options);
  // The demo records' profiles are built by the drain the seed starts (reads never build): tests
  // begin where a running platform is, with them built.
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
