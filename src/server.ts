import type { Server } from 'node:http';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemoCity, type DemoSummary } from './demo/seed-demo-city.js';
import { systemClock } from './platform/clock.js';
import { createLogger } from './platform/logger.js';
import { jobRunStore } from './scheduler/job-run-store.js';
import { scheduleJobs } from './scheduler/schedule-jobs.js';
import { SchedulerService } from './scheduler/scheduler-service.js';
import { createServices, type Services } from './services.js';

export interface RunningPlatform {
  server: Server;
  database: Database;
  services: Services;
  url: string;
  demo: DemoSummary | undefined;
  stop(): Promise<void>;
}

/**
 * Boot order: config → database → HTTP (answers 503 while starting) → migrations → first-start
 * demo seed → ready. The listener comes up first so an orchestrator can watch `/healthz`.
 */
export async function startPlatform(config: Config): Promise<RunningPlatform> {
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config.database);
  const services = createServices({ config, database, clock: systemClock, logger });
  let ready = false;
  const app = createApp({ services, logger, bodyLimitKb: config.bodyLimitKb, trustProxy: config.trustProxy, isReady: () => ready });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  const scheduler = new SchedulerService(database.knex, jobRunStore, systemClock, logger, services.outboxRelay.instanceId);
  const stop = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    await scheduler.stop();
    await services.outboxRelay.stop();
    await services.profiles.stop();
    await database.close();
  };
  try {
    const applied = await migrateToLatest(database.knex);
    logger.info({ applied, database: database.kind }, 'migrations done');
    const demo = config.demo.seed ? await seedDemoCity(database.knex, services, config.demo.entityCount, config.demo.creditRecordEntities) : undefined;
    // Profiles left stale by a previous run, or whose time windows moved while it was down.
    services.profiles.rebuildDueInBackground();
    ready = true;
    services.outboxRelay.start();
    if (config.schedulerEnabled) scheduleJobs(scheduler, services);
    return { server, database, services, url, demo, stop };
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
  console.log(lines.join('\n') + '\n');
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const platform = await startPlatform(config);
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
