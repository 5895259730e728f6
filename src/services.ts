import { AuthService } from './auth/auth-service.js';
import { ClientCredentialService } from './auth/client-credential-service.js';
import { clientCredentialStore } from './auth/client-credential-store.js';
import { loginFailureStore } from './auth/login-failure-store.js';
import { TokenService } from './auth/token-service.js';
import { userStore } from './auth/user-store.js';
import type { Config } from './config.js';
import type { Database, DbOrTrx } from './db/database.js';
import { transactionRunner } from './db/transaction.js';
import { accessLogStore } from './consents/access-log-store.js';
import { ConsentGate } from './consents/consent-gate.js';
import { ConsentService } from './consents/consent-service.js';
import { consentStore } from './consents/consent-store.js';
import { profileDataSource } from './consents/profile-data-source.js';
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
import { InstitutionWebhookService, WEBHOOK_CHANNEL } from './institutions/institution-webhook-service.js';
import { institutionWebhookStore } from './institutions/institution-webhook-store.js';
import type { Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';
import { Sm4FieldCipher } from './platform/national-crypto.js';
import { DEFAULT_BACKOFF } from './platform/outbox/backoff.js';
import type { Deliverer } from './platform/outbox/outbox-message.js';
import { OutboxRelay } from './platform/outbox/outbox-relay.js';
import { OutboxService } from './platform/outbox/outbox-service.js';
import { IdempotencyService } from './platform/idempotency/idempotency-service.js';
import { idempotencyStore } from './platform/idempotency/idempotency-store.js';
import { outboxStore } from './platform/outbox/outbox-store.js';
import { ProfileService } from './profiles/profile-service.js';
import { profileStore } from './profiles/profile-store.js';
import { loadBankAdapters, type BankAdapterSetting } from '../bank-adapters/index.js';
import { LoanApplicationService } from './lending/application-service.js';
import { bankAdapterDeliverer } from './lending/bank-delivery.js';
import { bankCallbackStore } from './lending/bank-callback-store.js';
import { BankSyncService } from './lending/bank-sync-service.js';
import { DemandService } from './lending/demand-service.js';
import { demandStore } from './lending/demand-store.js';
import { SlaService } from './lending/sla-service.js';
import { slaStore } from './lending/sla-store.js';
import { applicationStore } from './lending/application-store.js';
import type { BankDirectory, EnterpriseDirectory } from './lending/bank-directory.js';
import { shanghaiDate } from './lending/business-date.js';
import { ProductService } from './lending/product-service.js';
import { productStore } from './lending/product-store.js';
import { registerIndicatorPort } from './lending/register-indicator-port.js';
import { consentGatePort } from './lending/consent-gate-port.js';
import { profileIndicatorPort } from './lending/profile-indicator-port.js';
import { OversightService } from './oversight/oversight-service.js';
import { oversightStore } from './oversight/oversight-store.js';

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
  readonly consents: ConsentService;
  readonly consentGate: ConsentGate;
  readonly idempotency: IdempotencyService;
  readonly clientCredentials: ClientCredentialService;
  readonly institutionWebhooks: InstitutionWebhookService;
  readonly products: ProductService;
  readonly loanApplications: LoanApplicationService;
  readonly bankSync: BankSyncService;
  readonly demands: DemandService;
  readonly lendingSla: SlaService;
  readonly oversight: OversightService;
}

export interface ServiceContext {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  /** Bank adapter settings (from config, or the demo's simulated banks); checked here, at boot. */
  bankAdapters?: readonly BankAdapterSetting[];
}

export function createServices({ config, database, clock, logger, bankAdapters }: ServiceContext): Services {
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
  const consents = new ConsentService({
    db: database.knex,
    transaction,
    consents: consentStore,
    accessLog: accessLogStore,
    outbox: outboxStore,
    clock,
    platformKeys: config.platformSm2,
    enterprise: (tx, id) => enterpriseStore.findById(tx, id),
    institution: (tx, id) => institutionStore.findById(tx, id),
  });
  /** The one holder of the enterprise data source: every institution read goes through it. */
  const clientCredentials = new ClientCredentialService({
    db: database.knex,
    transaction,
    store: clientCredentialStore,
    tokens,
    clock,
    tokenTtlSeconds: config.jwt.clientTtlSeconds,
    roleOf: async (institutionId) => {
      const institution = await institutionStore.findById(database.knex, institutionId);
      if (institution?.type === 'bank') return 'bank_officer';
      if (institution?.type === 'guarantee_company') return 'guarantee_officer';
      return undefined;
    },
  });
  const institutionWebhooks = new InstitutionWebhookService({ db: database.knex, store: institutionWebhookStore, outbox: outboxStore, cipher, clock });
  deliverers.set(WEBHOOK_CHANNEL, institutionWebhooks.deliverer());
  const outboxRelay = new OutboxRelay({
    db: database.knex,
    store: outboxStore,
    deliverers,
    clock,
    logger,
    pollMs: config.outbox.pollMs,
    backoff: { ...DEFAULT_BACKOFF, baseMs: config.outbox.backoffBaseMs },
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
  const consentGate = new ConsentGate({ db: database.knex, statements: database.statements, accessLog: accessLogStore, source: profileDataSource(profiles), clock });
  const gateway = loadBankAdapters(bankAdapters ?? config.bankAdapters ?? [], {
    platformSm2: config.platformSm2,
    clock,
    callbackPath: (bankCode) => `/api/v1/callbacks/banks/${bankCode}`,
  });
  // Looked up inside the caller's transaction: a second connection per request could exhaust the pool.
  const banks: BankDirectory = {
    findById: async (tx, id) => {
      const institution = await institutionStore.findById(tx, id);
      return institution?.type === 'bank' ? institution : undefined;
    },
    findByCode: async (tx, code) => (await institutionStore.list(tx, { type: 'bank' })).find((b) => b.code === code),
    hasAdapter: (code) => gateway.has(code),
  };
  const enterpriseDirectory: EnterpriseDirectory = {
    summary: async (tx, id) => {
      const { uscc, name } = await registration.get(tx, id);
      return { uscc, name };
    },
    summaries: async (tx, ids) => new Map((await enterpriseStore.findByIds(tx, ids)).map((e) => [e.id, { uscc: e.uscc, name: e.name }])),
  };
  const usccOf = async (tx: DbOrTrx, enterpriseId: string) => (await registration.get(tx, enterpriseId)).uscc;
  const indicators = profileIndicatorPort({
    register: registerIndicatorPort({ usccOf, lookup: (uscc) => marketEntities.lookup(uscc), today: () => shanghaiDate(clock.now()) }),
    profiles,
    usccOf,
  });
  const products = new ProductService({ db: database.knex, products: productStore, indicators, clock });
  const loanApplications = new LoanApplicationService({
    db: database.knex,
    transaction,
    applications: applicationStore,
    products: productStore,
    outbox: outboxStore,
    consents: consentGatePort({ consents, gate: consentGate, usccOf }),
    banks,
    enterprises: enterpriseDirectory,
    clock,
    consentValidityDays: config.lending.consentValidityDays,
    expireDays: config.lending.expireDays,
  });
  deliverers.set('bank_adapter', bankAdapterDeliverer(gateway, loanApplications));
  const bankSync = new BankSyncService({
    db: database.knex,
    transaction,
    gateway,
    callbacks: bankCallbackStore,
    applications: applicationStore,
    applicationService: loanApplications,
    banks,
    clock,
    logger,
    pollSilentMinutes: config.lending.pollSilentMinutes,
  });
  const demands = new DemandService({ db: database.knex, transaction, demands: demandStore, applications: loanApplications, clock });
  const lendingSla = new SlaService(database.knex, slaStore, clock, {
    acceptHours: config.lending.slaAcceptHours,
    decisionHours: config.lending.slaDecisionHours,
  });
  const oversight = new OversightService({
    db: database.knex,
    store: oversightStore,
    clock,
    configuredBanks: () => gateway.bankCodes(),
    thresholds: { acceptHours: config.lending.slaAcceptHours, decisionHours: config.lending.slaDecisionHours },
    outbox: outboxStore,
    webhookChannel: WEBHOOK_CHANNEL,
  });
  return {
    database,
    tokens,
    registration,
    auth,
    institutions,
    marketEntities,
    outbox,
    outboxRelay,
    consents,
    consentGate,
    idempotency: new IdempotencyService({ db: database.knex, store: idempotencyStore, clock }),
    clientCredentials,
    institutionWebhooks,
    ingestion,
    profiles,
    products,
    loanApplications,
    bankSync,
    demands,
    lendingSla,
    oversight,
  };
}
