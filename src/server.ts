import type { Server } from 'node:http';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import type { BankSimulator } from '../bank-adapters/simulator/bank-simulator.js';
import { startDemoBanks } from './demo/demo-banks.js';
import { seedDemoCollateral } from './demo/seed-demo-collateral.js';
import { seedDemoCity, type DemoSummary } from './demo/seed-demo-city.js';
import { seedDemoLending } from './demo/seed-demo-lending.js';
import { seedDemoGuarantees } from './demo/seed-demo-guarantees.js';
import { seedDemoGuaranteeHistory } from './demo/seed-demo-guarantee-history.js';
import { seedDemoPrecredit } from './demo/seed-demo-precredit.js';
import { systemClock } from './platform/clock.js';
import { createLogger, type LogDestination } from './platform/logger.js';
import { jobRunStore } from './scheduler/job-run-store.js';
import { scheduleJobs } from './scheduler/schedule-jobs.js';
import { SchedulerService } from './scheduler/scheduler-service.js';
import { createServices, type Services } from './services.js';
import { exitOnStartFailure, loadConfigOrExit } from './start-failure.js';

export interface RunningPlatform {
  server: Server;
  database: Database;
  services: Services;
  url: string;
  demo: DemoSummary | undefined;
  /** The built-in bank simulator playing the demo's connected banks, when it runs. */
  bankSimulator: BankSimulator | undefined;
  stop(): Promise<void>;
}

/**
 * How long a stop waits for requests in flight before cutting their connections: under the 30 s
 * an orchestrator (Kubernetes, systemd's default) allows between SIGTERM and SIGKILL. An upload
 * cut off is failed by batch recovery and re-sent by its department.
 */
const SHUTDOWN_GRACE_MS = 20_000;

/**
 * Boot order: config → database → HTTP (answers 503 while starting) → migrations → first-start
 * demo seed → ready. The listener comes up first so an orchestrator can watch `/healthz`.
 */
export interface StartOptions {
  /** Where log lines go (default: stdout); tests capture them to check what is logged. */
  logDestination?: LogDestination;
  /**
   * A stop asked for while the migrations run (SIGTERM to `npm start`): the migration under way
   * commits, none other starts, and the start ends with `StoppedWhileMigrating`. `migrating` is told
   * when they begin and end, so a stop at any other time of the start is not held up by this.
   */
  migrationStop?: { signal: AbortSignal; migrating(running: boolean): void };
}

/** The start ended because a stop was asked for during the migrations; the database is at a migration boundary. */
export class StoppedWhileMigrating extends Error {
  override readonly name = 'StoppedWhileMigrating';
}

export async function startPlatform(config: Config, options: StartOptions = {}): Promise<RunningPlatform> {
  const logger = createLogger(config.logLevel, options.logDestination);
  const database = await openDatabase(config.database, { warn: (message, error) => logger.warn({ err: error }, message) });
  // Without configured adapters, the demo's connected banks are played by the simulator.
  const demoBanks = !config.bankAdapters && config.bankSimulator ? await startDemoBanks(config.platformSm2.publicKey, config.bankSimulatorRetryScale) : undefined;
  const services = createServices({ config, database, clock: systemClock, logger });
  let ready = false;
  const scheduler = new SchedulerService(database.knex, jobRunStore, systemClock, logger, services.outboxRelay.instanceId, services.metrics, config.schedulerEnabled);
  const app = createApp({
    services,
    logger,
    bodyLimitKb: config.bodyLimitKb,
    rawBodiesMaxKb: config.rawBodiesMaxKb,
    rawBodiesMaxKbPerAddress: config.rawBodiesMaxKbPerAddress,
    trustProxy: config.trustProxy,
    hsts: config.env === 'production',
    isReady: () => ready,
    metricsToken: config.metricsToken,
    scheduler,
    schedulerEnabled: config.schedulerEnabled,
    signatureFailureLimit: config.signatureFailureLimit,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  demoBanks?.attach(`http://127.0.0.1:${port}`);
  services.realEstateRegistry.attach(`http://127.0.0.1:${port}`);
  const stop = async () => {
    // The operator's log shows when a stop began and that it ended (not a process that vanished).
    logger.info({ graceSeconds: SHUTDOWN_GRACE_MS / 1_000 }, 'stopping: no new connections, requests in flight finish');
    // Graceful: no new connections, requests in flight finish unless they outlast the grace
    // period. An answered keep-alive connection stays open until its client's next request or the
    // keep-alive timeout, so idle ones are closed as they appear.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
    const cutOff = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    await closed;
    clearInterval(closeIdle);
    clearTimeout(cutOff);
    await scheduler.stop();
    services.batchRecovery.stop();
    await services.outboxRelay.stop();
    services.realEstateRegistry.stop();
    await services.profiles.stop();
    await services.precredit.whitelist.settled();
    // A 忘记密码 answer does not wait for its text; the text still needs the database (the simulator).
    await services.smsCodes.settled();
    await demoBanks?.simulator.stop();
    await database.close();
    logger.info('stopped');
  };
  try {
    options.migrationStop?.migrating(true);
    const applied = await migrateToLatest(database.knex, {
      signal: options.migrationStop?.signal,
      onApplied: (migration) => logger.info({ migration }, 'migration applied'),
    }).finally(() => options.migrationStop?.migrating(false));
    if (options.migrationStop?.signal.aborted) throw new StoppedWhileMigrating(`stopped after ${applied.length} migration(s); the next start applies the rest`);
    logger.info({ applied, database: database.kind }, 'migrations done');
    const demo = config.demo.seed ? await seedDemoCity(database.knex, services, config.demo.entityCount, config.demo.creditRecordEntities, (step) => logger.info({ step }, 'demo city seed')) : undefined;
    if (demo) await seedDemoLending(database.knex);
    if (demo) await seedDemoGuarantees(database.knex);
    if (demo?.seeded && config.demo.guaranteeHistory) await seedDemoGuaranteeHistory(database.knex, services, demo.tryRegistering.uscc, config.platformSm2);
    if (demo) await seedDemoCollateral(database.knex);
    if (demo) await seedDemoPrecredit(database.knex, services.hashPassword);
    // BANK_ADAPTERS is a one-time import (a bank's stored connection wins); the demo's simulated
    // banks are stored afresh, since the simulator makes new credentials on every start.
    if (config.bankAdapters) await services.bankConnections.importSettings(config.bankAdapters, false);
    if (demo && demoBanks) {
      await services.bankConnections.importSettings(demoBanks.settings, true);
      // A real signed round trip with each simulated bank, so the demo's banks are 已对接 by the rule, not by a flag.
      for (const { bankCode } of demoBanks.settings) await services.bankConnections.testBank(bankCode);
      await demoBanks.applyPolicies(database.knex, services, `http://127.0.0.1:${port}`, config.bankSimulatorDecisionDelayMs);
    }
    // The office's figures are materialised views, created empty by the migrations and refreshed
    // every ten minutes: without this, the demo city's 监测看板 read 0 of 0 until the first tick.
    if (demo) await services.oversight.refresh();
    // Batches a stopped process left unfinished: their enterprises' profiles may miss records, and
    // the abandoned ones are failed with a reason (now, and by the sweep once their heartbeat is stale).
    // In the background: finding a batch's records scans the record tables.
    void services.batchRecovery.recoverAtStart().catch((error: unknown) => logger.error({ err: error }, 'recovering unfinished batches failed'));
    services.batchRecovery.start((error) => logger.error({ err: error }, 'batch heartbeat or sweep failed'));
    void services.nationalFeed.feed.failAbandonedBuilds().then(
      (failed) => failed > 0 && logger.warn({ failed }, 'national feed builds left by a stopped process marked failed'),
      (error: unknown) => logger.error({ err: error }, 'failing abandoned national feed builds failed'),
    );
    // Profiles left stale by a previous run, or whose time windows moved while it was down.
    services.profiles.rebuildDueInBackground();
    ready = true;
    services.outboxRelay.start();
    // Every job is registered (an operator sees and may run it); only with SCHEDULER_ENABLED are they fired.
    scheduleJobs(scheduler, services);
    return { server, database, url, demo, services, bankSimulator: demoBanks?.simulator, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function printBanner(config: Config, platform: RunningPlatform): void {
  const lines = [
    '',
    `信易贷融资信用服务平台 is running at ${platform.url}`,
    `  database: ${config.database.kind === 'pglite' ? `embedded PGlite (${config.database.dir})` : 'PostgreSQL (DATABASE_URL)'}`,
    `  API docs: ${platform.url}/docs    health: ${platform.url}/healthz`,
  ];
  const demo = platform.demo;
  if (demo) {
    lines.push(
      `  demo city: ${demo.entityCount} market entities${demo.seeded ? ' (seeded now)' : ''}`,
      '  demo accounts (password for all: ' + (demo.accounts[0]?.password ?? '') + '):',
      ...demo.accounts.map((a) => `    ${a.role.padEnd(18)} ${a.username.padEnd(20)} ${a.who}`),
      ...(demo.creditRecords ? [`  demo credit records: ${demo.creditRecords.records} records for ${demo.creditRecords.entities} entities (profiles build in the background)`] : []),
      `  try 企业注册 with: ${demo.tryRegistering.uscc} ${demo.tryRegistering.name} (法定代表人 ${demo.tryRegistering.legalRepresentative})`,
    );
  }
  if (platform.bankSimulator) {
    lines.push(
      '  bank simulator: ICBC_HS, HSRCB (SM2/SM4 open-platform envelope); CCB_HS, HBB_HS (JSON + Standard Webhooks)',
      '    ICBC_HS, CCB_HS: officers decide in the web; HBB_HS, HSRCB: decide automatically from the authorised profile',
    );
  }
  console.log(lines.join('\n') + '\n');
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // SIGTERM or SIGINT while the migrations run lets the one under way commit; at any other time of
  // the start it ends the process at once, as it always did.
  const migrationStop = new AbortController();
  let migrating = false;
  const early = { SIGINT: () => stopWhileStarting('SIGINT'), SIGTERM: () => stopWhileStarting('SIGTERM') };
  const removeEarly = () => {
    for (const [signal, handler] of Object.entries(early)) process.removeListener(signal, handler);
  };
  const stopWhileStarting = (signal: NodeJS.Signals) => {
    if (migrating) {
      if (!migrationStop.signal.aborted) console.error(`${signal} received: stopping once the migration under way is committed.`);
      migrationStop.abort();
      return;
    }
    removeEarly();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  };
  for (const [signal, handler] of Object.entries(early)) process.on(signal, handler);
  let platform: RunningPlatform;
  try {
    platform = await startPlatform(config, {
      migrationStop: {
        signal: migrationStop.signal,
        migrating: (running) => {
          migrating = running;
          // After the migrations a signal takes its default course again (the process ends at once).
          if (!running && !migrationStop.signal.aborted) removeEarly();
        },
      },
    });
  } catch (error) {
    removeEarly();
    if (error instanceof StoppedWhileMigrating) {
      console.error(`The platform stopped while starting: ${error.message}.`);
      process.exit(0);
    }
    // One line; exit 1 lets the supervisor start it again (the port may be freed, the database
    // come up), 78 stops it (a setting is wrong).
    exitOnStartFailure(config, error);
  }
  printBanner(config, platform);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      platform.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error('The platform failed to start:', error);
    process.exit(1);
  });
}
