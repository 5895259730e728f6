import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startPlatform } from '../src/server.js';
import { hasPostgres, isEmbeddedRun } from './helpers/test-database.js';
import { startTestPlatform } from './helpers/test-platform.js';

const root = mkdtempSync(join(tmpdir(), 'xyd-boot-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs an entry point with the platform's environment (from source); resolves with its exit code and stderr. */
const runEntry = (file: string, env: Record<string, string>) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', file], { env: { PATH: process.env.PATH, NODE_ENV: 'development', HOST: '127.0.0.1', LOG_LEVEL: 'silent', BANK_SIMULATOR: 'false', ...env }, timeout: 60_000 }, (_error, _stdout, stderr) =>
      resolve({ code: child.exitCode, stderr }),
    );
  });
/** The platform's entry point as `npm start`'s supervisor runs it. */
const startProcess = (env: Record<string, string>) => runEntry('src/server.ts', env);
/** One line naming what to fix: no stack trace, no log line of the database driver's stack. */
const oneLine = (stderr: string) => {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr.trim().split('\n')).toHaveLength(1);
};

describe.runIf(isEmbeddedRun())('start-up failures an operator fixes', () => {
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
    // HOST that is no address of this machine, or no name at all: a setting to fix, not a restart.
    for (const [host, code] of [['192.0.2.1', 'EADDRNOTAVAIL'], ['no-such-host.invalid', 'ENOTFOUND']]) {
      const wrongHost = await startProcess({ PORT: '0', HOST: host!, DATA_DIR: join(root, 'host'), DEMO_SEED: 'false' });
      expect(wrongHost.code, host).toBe(78);
      expect(wrongHost.stderr.trim()).toBe(`The platform failed to start: HOST (${host}) cannot be listened on (${code}): set HOST to an address of this machine, or 0.0.0.0 for all.`);
    }
    writeFileSync(join(root, 'a-file'), '');
    const unusable = await startProcess({ PORT: '0', DATA_DIR: join(root, 'a-file') });
    expect(unusable.code).toBe(78);
    expect(unusable.stderr).toMatch(/DATA_DIR .*cannot be read or written \(EEXIST\)/);
    expect(unusable.stderr).not.toMatch(/\n\s+at /);
    // With the secrets from the environment nothing is written before the database folder is made.
    const secrets = { JWT_SECRET: 'x'.repeat(40), SM4_KEY: '0123456789abcdeffedcba9876543210', PLATFORM_SM2_PRIVATE_KEY: 'a'.repeat(64), PLATFORM_SM2_PUBLIC_KEY: `04${'b'.repeat(128)}` };
    const underAFile = await startProcess({ ...secrets, PORT: '0', DATA_DIR: join(root, 'a-file', 'data'), DEMO_SEED: 'false' });
    expect(underAFile.code).toBe(78);
    expect(underAFile.stderr.trim()).toBe(`The platform failed to start: DATA_DIR (${join(root, 'a-file', 'data')}) cannot be used: mkdir ${join(root, 'a-file', 'data', 'pglite')} failed (ENOTDIR); give a folder this process may create and write.`);
  });
});

describe.runIf(isEmbeddedRun())('the embedded database takes one process', () => {
  it('a second platform, npm run setup or npm run reencrypt on the DATA_DIR of a running platform stops with one line naming DATA_DIR (exit 78); once it stops, the folder is free', { timeout: 180_000 }, async () => {
    const env = { NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(root, 'shared'), LOG_LEVEL: 'silent', DEMO_SEED: 'false', BANK_SIMULATOR: 'false' };
    const running = await startPlatform(loadConfig(env));
    try {
      for (const entry of ['src/server.ts', 'scripts/setup.ts', 'scripts/reencrypt.ts']) {
        const second = await runEntry(entry, { ...env, SETUP_ADMIN_USERNAME: 'root1', SETUP_ADMIN_PASSWORD: 'Passw0rd!x', SETUP_OPERATOR_NAME: '运营方', SETUP_OPERATOR_USCC: '91420200MA4K0XY10T' });
        expect(second.code, entry).toBe(78);
        expect(second.stderr, entry).toMatch(new RegExp(`failed to start: DATA_DIR: the embedded database in ${join(root, 'shared', 'pglite')} is in use by another process \\(pid ${process.pid}\\)`));
        oneLine(second.stderr);
      }
      expect(await (await fetch(`${running.url}/health/ready`)).json()).toEqual({ status: 'ready' });
    } finally {
      await running.stop();
    }
    // Stopped, it left the folder to the next process.
    const reencrypt = await runEntry('scripts/reencrypt.ts', env);
    expect(reencrypt.stderr).toBe('');
    expect(reencrypt.code).toBe(0);
  });
});

describe('commands run with the platform\'s environment', () => {
  it.runIf(isEmbeddedRun())('npm run migrate, setup and reencrypt stop on a bad setting with one line naming it (exit 78), as the platform does', { timeout: 120_000 }, async () => {
    for (const entry of ['scripts/migrate.ts', 'scripts/setup.ts', 'scripts/reencrypt.ts']) {
      const bad = await runEntry(entry, { PORT: 'eighty', DATA_DIR: join(root, 'unused') });
      expect(bad.code, entry).toBe(78);
      expect(bad.stderr, entry).toMatch(/Invalid configuration:[\s\S]*at PORT/);
      expect(bad.stderr, entry).not.toMatch(/\n\s+at /);
    }
    const embedded = await runEntry('scripts/migrate.ts', { DATA_DIR: join(root, 'unused') });
    expect(embedded).toEqual({ code: 78, stderr: 'npm run migrate needs DATABASE_URL (PostgreSQL); the embedded database migrates on `npm start`.\n' });
  });

  it.skipIf(!hasPostgres())('a DATABASE_URL whose database does not exist, or whose user may not create tables, stops the platform and npm run migrate with one line naming DATABASE_URL (exit 78) (needs PostgreSQL)', { timeout: 120_000 }, async () => {
    const admin = new URL(inject('postgres')!.adminUrl);
    const missing = new URL(admin);
    missing.pathname = '/xyd_no_such_database';
    const adminDb = knexFactory({ client: 'pg', connection: admin.toString(), pool: { min: 0, max: 1 } });
    const suffix = randomBytes(4).toString('hex');
    const [role, database] = [`xyd_guest_${suffix}`, `xyd_not_owned_${suffix}`];
    await adminDb.raw(`create role ${role} login password 'guest-pass-1'`);
    await adminDb.raw(`create database ${database}`);
    try {
      const notOwned = new URL(admin);
      [notOwned.username, notOwned.password, notOwned.pathname] = [role, 'guest-pass-1', `/${database}`];
      for (const entry of ['src/server.ts', 'scripts/migrate.ts']) {
        const absent = await runEntry(entry, { PORT: '0', DATABASE_URL: missing.toString(), DATA_DIR: join(root, 'pg') });
        expect(absent.code, entry).toBe(78);
        expect(absent.stderr, entry).toMatch(/failed to start: the database at DATABASE_URL refused the connection \(3D000 database "xyd_no_such_database" does not exist\); check the user, password and database name in DATABASE_URL\./);
        oneLine(absent.stderr);
        const guest = await runEntry(entry, { PORT: '0', DATABASE_URL: notOwned.toString(), DATA_DIR: join(root, 'pg') });
        expect(guest.code, entry).toBe(78);
        expect(guest.stderr, entry).toMatch(/failed to start: the DATABASE_URL user may not create or change the platform's tables \(42501 .*permission denied for schema public\); connect as the database's owner/);
        expect(guest.stderr, entry).not.toContain('guest-pass-1');
        oneLine(guest.stderr);
      }
    } finally {
      await adminDb.raw(`drop database if exists ${database} with (force)`);
      await adminDb.raw(`drop role if exists ${role}`);
      await adminDb.destroy();
    }
  });
});

describe('npm start boot path', () => {
  it.runIf(isEmbeddedRun())('starts on embedded PGlite in a DATA_DIR whose parents do not exist, and a second start reuses the data', { timeout: 120_000 }, async () => {
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

  it.runIf(isEmbeddedRun())('a first start killed after the demo register was written is finished by the next start: the demo enterprise, its records and listing, once', { timeout: 180_000 }, async () => {
    const env = { NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(root, 'cut-seed'), LOG_LEVEL: 'info', DEMO_ENTITY_COUNT: '150', DEMO_CREDIT_RECORD_ENTITIES: '20', BANK_SIMULATOR: 'false', DEMO_GUARANTEE_HISTORY: 'false' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { PATH: process.env.PATH, ...env } });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('"step":"register and accounts written"')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', () => reject(new Error(`the first start ended before the register was written:\n${out}`)));
    });
    await new Promise((resolve) => child.once('exit', resolve));

    let enterprises: unknown;
    const second = await startPlatform(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
    try {
      expect(second.demo).toMatchObject({ seeded: true, entityCount: 150, creditRecords: { entities: 20 } });
      const enterprise = second.demo!.accounts.find((a) => a.role === 'enterprise')!;
      const login = await fetch(`${second.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: enterprise.username, password: enterprise.password }) });
      expect(login.status).toBe(200);
      expect(await second.database.knex('ingestion_batches').where({ file_name: 'demo-tech-listing.jsonl', status: 'completed' }).count({ n: '*' })).toEqual([{ n: 1 }]);
      enterprises = await second.database.knex('enterprises').count({ n: '*' });
    } finally {
      await second.stop();
    }
    const third = await startPlatform(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
    try {
      expect(third.demo).toMatchObject({ seeded: false });
      expect(await third.database.knex('enterprises').count({ n: '*' })).toEqual(enterprises);
      expect(await third.database.knex('ingestion_batches').where({ file_name: 'demo-tech-listing.jsonl' }).count({ n: '*' })).toEqual([{ n: 1 }]);
    } finally {
      await third.stop();
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
