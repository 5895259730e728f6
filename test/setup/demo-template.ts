import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Knex } from 'knex';
import { loadConfig, type Config } from '../../src/config.js';
import { startPlatform, type RunningPlatform } from '../../src/server.js';
import { testPlatformEnv } from '../helpers/test-platform-env.js';

/**
 * The demo city seeded once per run into a copy of the migrated template, by a platform with the
 * tests' settings (scheduler and bank simulator off), which then stops. Every test platform used
 * to seed the same city on its own first start: about 1 s of CPU on PostgreSQL and 3 s on PGlite,
 * for each of a few hundred starts a run. One whose settings leave the seed alone
 * (`seedNeutral`) starts on a copy of this one instead and finds the city seeded, as a platform
 * restarted on its data does.
 */
async function seededBy(database: Config['database'], beforeStop: (platform: RunningPlatform) => void = () => {}): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xyd-seed-'));
  try {
    const config = loadConfig({ ...testPlatformEnv(dataDir), SCHEDULER_ENABLED: 'false', BANK_SIMULATOR: 'false', ...(database.kind === 'postgres' ? { DATABASE_URL: database.url } : {}) });
    const platform = await startPlatform(database.kind === 'pglite' ? { ...config, database } : config);
    try {
      await platform.services.profiles.settled();
      beforeStop(platform);
    } finally {
      await platform.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A template database `<template>_seeded` on PostgreSQL: the migrated `template` with the demo city; returns its name. */
export async function seedPostgresTemplate(admin: Knex, adminUrl: string, template: string): Promise<string> {
  const seeded = `${template}_seeded`;
  await admin.raw(`drop database if exists ${seeded}`);
  await admin.raw(`create database ${seeded} template ${template}`);
  const url = new URL(adminUrl);
  url.pathname = `/${seeded}`;
  await seededBy({ kind: 'postgres', url: url.toString(), poolMax: 10 });
  return seeded;
}

/** A PGlite data folder (a `dumpDataDir` tar file at `path`) started from the migrated `template` tar, with the demo city. */
export async function seedPgliteTemplate(template: string, path: string): Promise<void> {
  let dumped: Promise<Blob> | undefined;
  await seededBy({ kind: 'pglite', dir: 'memory://', template }, (platform) => {
    // The platform's stop closes its in-memory database; the folder is written just before, once
    // everything the stop finishes (the outbox, the drain) is in it.
    const pglite = (platform.database.knex.client.config as { connection: { pglite: PGlite } }).connection.pglite;
    const close = pglite.close.bind(pglite);
    pglite.close = async () => {
      dumped = pglite.dumpDataDir('none');
      await dumped;
      await close();
    };
  });
  if (!dumped) throw new Error('the seeded PGlite database was not closed by the platform stop');
  writeFileSync(path, Buffer.from(await (await dumped).arrayBuffer()));
}
