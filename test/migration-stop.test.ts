import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../migrations/index.js';
import { migrateToLatest, pendingMigrations } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/database.js';
import { createTestDatabase, databaseForFile, hasPostgres } from './helpers/test-database.js';

/**
 * Before, every pending migration ran in one transaction: a stop lost all of them, and SIGTERM
 * killed `npm run migrate` at once. Now each migration is its own transaction and a stop ends
 * after the one under way, with the lock free and the rest applied by the next run.
 */
const database = databaseForFile({ empty: true });
const dataDir = mkdtempSync(join(tmpdir(), 'xyd-migrate-stop-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const all = await migrationSource.getMigrations([]);

describe('migrateToLatest with a stop', () => {
  it('finishes the migration under way, starts no other, frees the lock; the next run applies the rest', async () => {
    const { knex } = database();
    const stop = new AbortController();
    const applied = await migrateToLatest(knex, { signal: stop.signal, onApplied: (name) => name === all[2] && stop.abort() });
    expect(applied).toEqual(all.slice(0, 3));
    expect(((await knex('knex_migrations').orderBy('id').pluck('name')) as string[])).toEqual(all.slice(0, 3));
    expect(await knex('knex_migrations_lock').pluck('is_locked')).toEqual([0]);
    expect(await pendingMigrations(knex)).toEqual(all.slice(3));

    expect(await migrateToLatest(knex)).toEqual(all.slice(3));
    expect(await pendingMigrations(knex)).toEqual([]);
    expect(await migrateToLatest(knex)).toEqual([]);
  });
});

describe.skipIf(!hasPostgres())('npm run migrate stopped by SIGTERM (needs PostgreSQL)', () => {
  it('commits the migration under way, exits 75 saying how many remain, and a second run finishes', { timeout: 180_000 }, async () => {
    const target = await createTestDatabase({ empty: true });
    const url = (target.config as { url: string }).url;
    const run = (onLine?: (line: string, kill: () => void) => void) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts'], { env: { PATH: process.env.PATH, NODE_ENV: 'development', DATABASE_URL: url, LOG_LEVEL: 'silent', DATA_DIR: dataDir } });
        let [stdout, stderr] = ['', ''];
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          for (const line of chunk.toString().split('\n')) if (line) onLine?.(line, () => child.kill('SIGTERM'));
        });
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const check = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
    try {
      let killed = false;
      const stopped = await run((line, kill) => {
        if (!killed && line.startsWith('applied ')) {
          killed = true;
          kill();
        }
      });
      expect(stopped.stderr).not.toMatch(/\n\s+at /);
      expect(stopped.code, stopped.stderr).toBe(75);
      const done = stopped.stdout.split('\n').filter((l) => l.startsWith('applied ')).map((l) => l.slice('applied '.length));
      expect(done.length).toBeGreaterThan(0);
      expect(done.length).toBeLessThan(all.length);
      expect(stopped.stderr).toContain(`npm run migrate stopped: ${done.length} migration(s) applied, ${all.length - done.length} remain; run npm run migrate again to apply them.`);
      expect(await check('knex_migrations').orderBy('id').pluck('name')).toEqual(done);
      expect(await check('knex_migrations_lock').pluck('is_locked')).toEqual([0]);

      const rest = await run();
      expect(rest.code, rest.stderr).toBe(0);
      expect(rest.stdout).toContain(`Applied ${all.length - done.length} migration(s).`);
      expect(await check('knex_migrations').orderBy('id').pluck('name')).toEqual(all);
    } finally {
      await check.destroy();
      await target.drop();
    }
  });
});

describe('npm start stopped by SIGTERM during its migrations', () => {
  it('commits the migration under way, exits 0 saying so, and leaves the database at that migration with the lock free', { timeout: 180_000 }, async () => {
    // PostgreSQL when the run has one (a database with no schema), else the embedded database in DATA_DIR.
    const target = hasPostgres() ? await createTestDatabase({ empty: true }) : undefined;
    const url = (target?.config as { url?: string } | undefined)?.url;
    const folder = join(dataDir, 'start');
    try {
      const started = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
          env: { PATH: process.env.PATH, NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', DATA_DIR: folder, LOG_LEVEL: 'info', DEMO_SEED: 'false', BANK_SIMULATOR: 'false', ...(url ? { DATABASE_URL: url } : {}) },
        });
        let [stdout, stderr, killed] = ['', '', false];
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (!killed && stdout.includes('"msg":"migration applied"')) {
            killed = true;
            child.kill('SIGTERM');
          }
        });
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
        setTimeout(() => child.kill('SIGKILL'), 150_000).unref();
      });
      expect(started.stderr).not.toMatch(/\n\s+at /);
      expect(started.code, started.stderr).toBe(0);
      const done = [...started.stdout.matchAll(/"migration":"([^"]+)"/g)].map((m) => m[1]!);
      expect(done.length).toBeGreaterThan(0);
      expect(done.length).toBeLessThan(all.length);
      expect(started.stderr).toContain(`The platform stopped while starting: stopped after ${done.length} migration(s); the next start applies the rest.`);
      const db = await openDatabase(target ? target.config : { kind: 'pglite', dir: join(folder, 'pglite') });
      try {
        expect(await db.knex('knex_migrations').orderBy('id').pluck('name')).toEqual(done);
        expect(await db.knex('knex_migrations_lock').pluck('is_locked')).toEqual([0]);
        expect(await migrateToLatest(db.knex)).toEqual(all.slice(done.length));
      } finally {
        await db.close();
      }
    } finally {
      await target?.drop();
    }
  });
});
