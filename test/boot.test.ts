import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startPlatform } from '../src/server.js';
import { hasPostgres } from './helpers/test-database.js';
import { startTestPlatform } from './helpers/test-platform.js';

const root = mkdtempSync(join(tmpdir(), 'xyd-boot-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs the platform's entry point as `npm start`'s supervisor does (from source); resolves with its exit code and stderr. */
const startProcess = (env: Record<string, string>) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { PATH: process.env.PATH, NODE_ENV: 'development', HOST: '127.0.0.1', LOG_LEVEL: 'silent', BANK_SIMULATOR: 'false', ...env }, timeout: 60_000 }, (_error, _stdout, stderr) =>
      resolve({ code: child.exitCode, stderr }),
    );
  });

describe('start-up failures an operator fixes', () => {
  it('a port in use stops the start with one line naming it (exit 1, restarted by the supervisor); an unusable DATA_DIR is a configuration error (exit 78)', { timeout: 120_000 }, async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const port = (holder.address() as AddressInfo).port;
      const busy = await startProcess({ PORT: String(port), DATA_DIR: join(root, 'busy') });
      expect(busy.code).toBe(1);
      expect(busy.stderr.trim()).toBe(`The platform failed to start: 127.0.0.1:${port} cannot be listened on (EADDRINUSE): another process holds the port, or it needs privileges; set PORT (and HOST) or stop that process.`);
    } finally {
      holder.close();
    }
    writeFileSync(join(root, 'a-file'), '');
    const unusable = await startProcess({ PORT: '0', DATA_DIR: join(root, 'a-file') });
    expect(unusable.code).toBe(78);
    expect(unusable.stderr).toMatch(/DATA_DIR .*cannot be read or written \(EEXIST\)/);
    expect(unusable.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('npm start boot path', () => {
  it('starts on embedded PGlite in a DATA_DIR whose parents do not exist, and a second start reuses the data', { timeout: 120_000 }, async () => {
    const env = { NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(root, 'deep', 'er', 'data'), LOG_LEVEL: 'silent', DEMO_ENTITY_COUNT: '150', DEMO_CREDIT_RECORD_ENTITIES: '20', BANK_SIMULATOR: 'false', DEMO_GUARANTEE_HISTORY: 'false' };
    const first = await startPlatform(loadConfig(env));
    let registeredUscc: string;
    try {
      expect(await (await fetch(`${first.url}/healthz`)).json()).toEqual({ status: 'ok', database: 'pglite' });
      expect(first.demo).toMatchObject({ seeded: true, entityCount: 150 });
      // The office's first look at 监测看板 shows the demo city, not the empty views the migrations made.
      const registration = (await first.services.oversight.figures()).figures.find((f) => f.code === 'registration_share')!;
      expect(Number(registration.denominator)).toBeGreaterThan(0);
      const free = first.demo!.tryRegistering;
      const sent = await fetch(`${first.url}/api/v1/enterprises/registrations/mobile-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mobile: '13900000000' }) });
      expect(sent.status).toBe(202);
      const mobileCode = await first.services.smsInbox!.latestCodeTo('13900000000');
      const res = await fetch(`${first.url}/api/v1/enterprises/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ uscc: free.uscc, name: free.name, legalRepresentative: free.legalRepresentative, contactName: '甲', contactMobile: '13900000000', mobileCode, password: 'Passw0rd1' }),
      });
      expect(res.status).toBe(201);
      registeredUscc = free.uscc;
    } finally {
      await first.stop();
    }

    const second = await startPlatform(loadConfig(env));
    try {
      expect(second.demo).toMatchObject({ seeded: false, entityCount: 150 });
      const login = await fetch(`${second.url}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: registeredUscc, password: 'Passw0rd1' }),
      });
      expect(login.status).toBe(200);
      const { accessToken } = (await login.json()) as { accessToken: string };
      const me = (await (await fetch(`${second.url}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as {
        enterprise: { contactMobile: string };
      };
      // The SM4 key generated into the data dir on first start still decrypts the column.
      expect(me.enterprise.contactMobile).toBe('139****0000');
    } finally {
      await second.stop();
    }
  });

  it.skipIf(!hasPostgres())('reports PostgreSQL as the database kind when DATABASE_URL is set (needs PostgreSQL)', async () => {
    const platform = await startTestPlatform();
    try {
      expect(await (await platform.api('/healthz')).json()).toEqual({ status: 'ok', database: 'postgres' });
    } finally {
      await platform.close();
    }
  });
});
