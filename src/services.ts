import { AuthService } from './auth/auth-service.js';
import { loginFailureStore } from './auth/login-failure-store.js';
import { TokenService } from './auth/token-service.js';
import { userStore } from './auth/user-store.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { transactionRunner } from './db/transaction.js';
import { EnterpriseRegistrationService } from './enterprises/enterprise-registration-service.js';
import { enterpriseStore } from './enterprises/enterprise-store.js';
import { MarketEntityService } from './enterprises/market-entity-service.js';
import { marketEntityStore } from './enterprises/market-entity-store.js';
import { batchStore } from './ingestion/batch-store.js';
import { calendarStore } from './ingestion/calendar-store.js';
import { createCreditRecordStore } from './ingestion/credit-record-store.js';
import { IngestionService } from './ingestion/ingestion-service.js';
import { registerStore } from './ingestion/register-store.js';
import { InstitutionService } from './institutions/institution-service.js';
import { institutionStore } from './institutions/institution-store.js';
import type { Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';
import { Sm4FieldCipher } from './platform/national-crypto.js';
import type { Deliverer } from './platform/outbox/outbox-message.js';
import { OutboxRelay } from './platform/outbox/outbox-relay.js';
import { OutboxService } from './platform/outbox/outbox-service.js';
import { outboxStore } from './platform/outbox/outbox-store.js';
import { ProfileService } from './profiles/profile-service.js';
import { profileStore } from './profiles/profile-store.js';

/** The composition root for services: every service is built here, once, from config and db. */
export interface Services {
  readonly database: Database;
  readonly tokens: TokenService;
  readonly registration: EnterpriseRegistrationService;
  readonly auth: AuthService;
  readonly institutions: InstitutionService;
  readonly marketEntities: MarketEntityService;
  readonly outbox: OutboxService;
  readonly outboxRelay: OutboxRelay;
  readonly ingestion: IngestionService;
  readonly profiles: ProfileService;
}

export interface ServiceContext {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
}

export function createServices({ config, database, clock, logger }: ServiceContext): Services {
  const transaction = transactionRunner(database.knex);
  /** Features register a deliverer per outbox channel here, before the relay starts. */
  const deliverers = new Map<string, Deliverer>();
  const cipher = new Sm4FieldCipher(config.sm4Key);
  const tokens = new TokenService(config.jwt.secret, config.jwt.ttlSeconds);
  const registration = new EnterpriseRegistrationService({
    transaction,
    marketEntities: marketEntityStore,
    enterprises: enterpriseStore,
    users: userStore,
    cipher,
  });
  const auth = new AuthService({
    transaction,
    users: userStore,
    loginFailures: loginFailureStore,
    institutions: institutionStore,
    tokens,
    clock,
    limits: config.loginLimits,
    enterpriseView: (tx, id) => registration.get(tx, id),
  });
  const institutions = new InstitutionService(database.knex, institutionStore);
  const marketEntities = new MarketEntityService(database.knex, marketEntityStore);
  const outbox = new OutboxService(database.knex, outboxStore, clock);
  const outboxRelay = new OutboxRelay({
    db: database.knex,
    store: outboxStore,
    deliverers,
    clock,
    logger,
    pollMs: config.outbox.pollMs,
  });
  // Profiles read records through ingestion, and ingestion marks profiles stale: the closures
  // below are only called after both services exist.
  const profiles: ProfileService = new ProfileService({
    transaction,
    store: profileStore,
    clock,
    logger,
    usableRecords: (tx, usccs, asOf) => ingestion.usableRecords(tx, usccs, asOf),
    registerEntries: (tx, usccs) => ingestion.registerEntries(tx, usccs),
    enterpriseUscc: async (tx, enterpriseId) => (await registration.get(tx, enterpriseId)).uscc,
  });
  const ingestion: IngestionService = new IngestionService({
    db: database.knex,
    transaction,
    batches: batchStore,
    records: createCreditRecordStore(database.kind === 'postgres' ? 'copy' : 'statement'),
    calendar: calendarStore,
    register: registerStore,
    profiles,
    clock,
    chunkSize: config.ingestion.chunkSize,
    maxUploadBytes: config.ingestion.maxUploadMb * 1_048_576,
    parallelWrites: database.kind === 'pglite' ? 1 : config.ingestion.parallelWrites,
  });
  return { database, tokens, registration, auth, institutions, marketEntities, outbox, outboxRelay, ingestion, profiles };
}
