import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { systemClock } from '../../src/platform/clock.js';
import { startPlatform, type RunningPlatform } from '../../src/server.js';
import { createServices } from '../../src/services.js';
import { bin, clusterAt, startAt, startOpsCluster, type OpsCluster } from './postgres-cluster.js';
import { freePort, handToPostgres, runAsPostgres, waitFor } from './processes.js';

const BACKUP_SCRIPT = fileURLToPath(new URL('./backup-city.sh', import.meta.url));

/**
 * Backup and restore, proved: a city database with gated reads in its SM3-chained access log is
 * (1) dumped with pg_dump and restored with pg_restore into a new cluster, and (2) rebuilt in
 * another new cluster from a base backup plus archived WAL up to a named restore point
 * (point-in-time recovery). Each copy must hold the same row count in every table as the source
 * had at that moment, and its access-log chain must verify from genesis (the platform's own
 * check). The procedure is docs/operations.md's; this is its rehearsal.
 */
export interface RestoreReport {
  tables: number;
  rows: number;
  dump: { ok: boolean; mismatched: string[]; chain: unknown; seconds: number };
  pitr: { ok: boolean; mismatched: string[]; chain: unknown; seconds: number; rowsAfterTargetExcluded: boolean };
}

const ENV = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '0',
  JWT_SECRET: 'restore-check-secret-restore-check-secret',
  SM4_KEY: '00112233445566778899aabbccddeeff',
  LOG_LEVEL: 'silent',
  SCHEDULER_ENABLED: 'false',
  BANK_SIMULATOR: 'false',
  DEMO_ENTITY_COUNT: '300',
  DEMO_CREDIT_RECORD_ENTITIES: '50',
};

async function tableCounts(db: Knex): Promise<Map<string, number>> {
  const tables = (await db('pg_tables').where({ schemaname: 'public' }).orderBy('tablename').pluck('tablename')) as string[];
  const counts = new Map<string, number>();
  for (const t of tables) counts.set(t, Number(((await db(t).count({ n: '*' })) as [{ n: string }])[0].n));
  return counts;
}

const mismatches = (a: Map<string, number>, b: Map<string, number>) =>
  [...new Set([...a.keys(), ...b.keys()])].filter((t) => a.get(t) !== b.get(t)).map((t) => `${t}: ${a.get(t)} vs ${b.get(t)}`);

/** The platform's own chain check, run against a restored database. */
async function verifyChain(url: string): Promise<unknown> {
  const config = loadConfig({ ...ENV, DATABASE_URL: url, DATA_DIR: '/tmp/xyd-restore-verify' });
  const database = await openDatabase(config.database);
  try {
    const services = createServices({ config, database, clock: systemClock, logger: createLogger('silent') });
    return await services.consents.verifyAccessLogChain();
  } finally {
    await database.close();
  }
}

/** Gated profile reads (each writes an access-log row), then the seal that chains them. */
async function gatedReads(platform: RunningPlatform, count: number): Promise<void> {
  const api = (path: string, token?: string, body?: unknown) =>
    fetch(platform.url + path, { method: body ? 'POST' : 'GET', headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const login = async (username: string) => ((await (await api('/api/v1/auth/token', undefined, { username, password: 'Demo@2026' })).json()) as { accessToken: string }).accessToken;
  const db = platform.database.knex;
  const { username: uscc } = (await db('users').where({ role: 'enterprise' }).orderBy('created_at').first('username')) as { username: string };
  const officer = await login('icbc_officer');
  const probe = await api(`/api/v1/institution/enterprises/${uscc}/profile?purpose=pre_credit&scopes=register`, officer);
  if (probe.status === 403 || probe.status === 404) {
    const { id: icbc } = (await db('institutions').where({ code: 'ICBC_HS' }).first('id')) as { id: string };
    const granted = await api('/api/v1/consents', await login(uscc), {
      granteeInstitutionId: icbc, scopes: ['register'], purpose: 'pre_credit', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(), fetchType: 'PERIODIC', frequency: { unit: 'DAY', value: 50 },
    });
    if (granted.status !== 201) throw new Error(`grant failed: ${granted.status} ${await granted.text()}`);
  }
  for (let i = 0; i < count; i++) {
    const res = await api(`/api/v1/institution/enterprises/${uscc}/profile?purpose=pre_credit&scopes=register`, officer);
    if (res.status !== 200) throw new Error(`gated read failed: ${res.status} ${await res.text()}`);
  }
  await platform.services.consents.sealAccessLog();
}

export async function runRestoreCheck(): Promise<RestoreReport> {
  const source = await startOpsCluster('source');
  const clusters: OpsCluster[] = [source];
  let platform: RunningPlatform | undefined;
  try {
    source.psql('create database app');
    const config = loadConfig({ ...ENV, DATABASE_URL: source.url('app'), DATA_DIR: join(source.dir, 'app-data') });
    platform = await startPlatform(config);
    await gatedReads(platform, 20);

    // The base backup for point-in-time recovery, taken while the platform runs.
    const work = join(source.dir, 'backups');
    mkdirSync(work);
    handToPostgres(work);
    const base = join(work, 'base');
    runAsPostgres(bin('pg_basebackup'), ['-h', '127.0.0.1', '-p', String(source.port), '-U', 'postgres', '-D', base, '-X', 'stream', '-c', 'fast']);

    // More work after the base backup, then the restore point PITR aims at, then work it must not see.
    await gatedReads(platform, 15);
    const db = platform.database.knex;
    const atTarget = await tableCounts(db);
    source.psql(`select pg_create_restore_point('xyd-restore-check')`);
    await gatedReads(platform, 5);
    source.psql('select pg_switch_wal()');

    // Logical backup of the city, with writes stopped so the counts are the dump's.
    await platform.stop();
    platform = undefined;
    const atDump = await (async () => {
      const k = knexFactory({ client: 'pg', connection: source.url('app'), pool: { min: 0, max: 1 } });
      try {
        return await tableCounts(k);
      } finally {
        await k.destroy();
      }
    })();
    // The documented command (docs/operations.md), and the documented check of its copy elsewhere.
    const dumps = join(work, 'dumps');
    const written = runAsPostgres('bash', [BACKUP_SCRIPT, source.url('app'), dumps]).trim();
    const moved = join(work, 'moved');
    runAsPostgres('bash', ['-c', 'mkdir -p "$3" && mv "$1" "$1.sha256" "$3" && cd "$3" && sha256sum -c "$2.sha256"', '_', written, basename(written), moved]);
    const dumpFile = join(moved, basename(written));
    source.psql('select pg_switch_wal()');
    await waitFor('WAL archived', async () => (source.psql(`select last_failed_wal is null or last_archived_time > last_failed_time from pg_stat_archiver`) === 't' ? true : undefined), 30_000);

    // (1) pg_restore into a new cluster.
    let started = performance.now();
    const restored = await startOpsCluster('restored');
    clusters.push(restored);
    restored.psql('create database app');
    runAsPostgres(bin('pg_restore'), ['-h', '127.0.0.1', '-p', String(restored.port), '-U', 'postgres', '-d', 'app', '--exit-on-error', '-j', '2', dumpFile]);
    const dumpCounts = await (async () => {
      const k = knexFactory({ client: 'pg', connection: restored.url('app'), pool: { min: 0, max: 1 } });
      try {
        return await tableCounts(k);
      } finally {
        await k.destroy();
      }
    })();
    const dumpChain = await verifyChain(restored.url('app'));
    const dumpSeconds = (performance.now() - started) / 1_000;

    // (2) Point-in-time recovery: the base backup, archived WAL replayed up to the restore point.
    started = performance.now();
    const pitrPort = await freePort();
    // Appended: the copied settings stay (a standby needs max_connections and the like at least
    // as high as the primary's, or recovery stops).
    appendFileSync(
      join(base, 'postgresql.auto.conf'),
      [
        `restore_command = 'cp ${source.archiveDir}/%f %p'`,
        `recovery_target_name = 'xyd-restore-check'`,
        `recovery_target_action = 'promote'`,
        'archive_mode = off',
        '',
      ].join('\n'),
    );
    writeFileSync(join(base, 'recovery.signal'), '');
    handToPostgres(join(base, 'postgresql.auto.conf'));
    handToPostgres(join(base, 'recovery.signal'));
    startAt(base, work, pitrPort);
    const pitr = clusterAt(work, base, source.archiveDir, pitrPort);
    clusters.push({ ...pitr, destroy: () => pitr.stop() });
    await waitFor('recovery to reach the restore point and promote', async () => (pitr.psql('select not pg_is_in_recovery()') === 't' ? true : undefined), 120_000, 250);
    const pitrCounts = await (async () => {
      const k = knexFactory({ client: 'pg', connection: pitr.url('app'), pool: { min: 0, max: 1 } });
      try {
        return await tableCounts(k);
      } finally {
        await k.destroy();
      }
    })();
    const pitrChain = await verifyChain(pitr.url('app'));
    const pitrSeconds = (performance.now() - started) / 1_000;

    const dumpMismatch = mismatches(atDump, dumpCounts);
    const pitrMismatch = mismatches(atTarget, pitrCounts);
    const ok = (chain: unknown) => (chain as { ok?: boolean }).ok === true;
    return {
      tables: atDump.size,
      rows: [...atDump.values()].reduce((a, b) => a + b, 0),
      dump: { ok: dumpMismatch.length === 0 && ok(dumpChain), mismatched: dumpMismatch, chain: dumpChain, seconds: Number(dumpSeconds.toFixed(1)) },
      pitr: {
        ok: pitrMismatch.length === 0 && ok(pitrChain),
        mismatched: pitrMismatch,
        chain: pitrChain,
        seconds: Number(pitrSeconds.toFixed(1)),
        rowsAfterTargetExcluded: (pitrCounts.get('consent_access_log') ?? 0) < (atDump.get('consent_access_log') ?? 0),
      },
    };
  } finally {
    await platform?.stop();
    for (const c of clusters.reverse()) c.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runRestoreCheck().then(
    (report) => {
      console.log(JSON.stringify(report));
      process.exit(report.dump.ok && report.pitr.ok ? 0 : 1);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
