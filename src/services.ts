import { createAuth } from './auth/auth-module.js';
import { userStore } from './auth/user-store.js';
import type { Config } from './config.js';
import type { Database, DbOrTrx } from './db/database.js';
import { transactionRunner } from './db/transaction.js';
import { createConsents } from './consents/consents-module.js';
import { createEnterprises } from './enterprises/enterprises-module.js';
import { enterpriseStore } from './enterprises/enterprise-store.js';
import { createIngestion } from './ingestion/ingestion-module.js';
import { HttpSmsGateway } from './platform/sms/http-sms-gateway.js';
import type { SmsGateway } from './platform/sms/sms-gateway.js';
import { SimulatorSmsGateway } from './platform/sms/sms-simulator.js';
import { ServiceStatusService } from './service-status/service-status-service.js';
import { serviceStatusStore } from './service-status/service-status-store.js';
import { WEBHOOK_CHANNEL, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_TEST_TOPIC } from './institutions/institution-webhook-service.js';
import { createInstitutions } from './institutions/institutions-module.js';
import type { Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';
import { PlatformMetrics } from './platform/metrics/platform-metrics.js';
import { outboxDepth } from './platform/outbox/outbox-depth-store.js';
import { PartitionMaintenance } from './platform/partitions/partition-maintenance.js';
import { recordMonthRetirers } from './platform/partitions/monthly-tables.js';
import { partitionStore } from './platform/partitions/partition-store.js';
import { ingestionTotals } from './ingestion/batches/ingestion-totals-store.js';
import { AddressPolicy } from './platform/egress/address-policy.js';
import { EgressGuard } from './platform/egress/egress-guard.js';
import { Sm4FieldCipher } from './platform/national-crypto.js';
import { DEFAULT_BACKOFF } from './platform/outbox/backoff.js';
import type { Deliverer } from './platform/outbox/outbox-message.js';
import { OutboxRelay } from './platform/outbox/outbox-relay.js';
import { OutboxAdminService } from './outbox-admin/outbox-admin-service.js';
import { IdempotencyService } from './platform/idempotency/idempotency-service.js';
import { idempotencyStore } from './platform/idempotency/idempotency-store.js';
import { CreationBudget, ENTERPRISE_CREATIONS_REFUSAL, INSTITUTION_CREATIONS_REFUSAL } from './platform/creation-budget/creation-budget.js';
import { creationBudgetStore, institutionCreationBudgetStore } from './platform/creation-budget/creation-budget-store.js';
import { outboxStore } from './platform/outbox/outbox-store.js';
import { hashingAt, verifyPassword as checkPassword } from './platform/password.js';
import { gatedPasswordWork } from './platform/password-work.js';
import { ProfileService } from './profiles/profile-service.js';
import { profileStore } from './profiles/profile-store.js';
import { RecordRetention } from './ingestion/records/record-retention-service.js';
import { recordRetentionStore } from './ingestion/records/record-retention-store.js';
import { TYPED_TABLES } from './ingestion/records/typed-categories.js';
import { keptSince, RecordMonthRetirer } from './profiles/record-month-retirer.js';
import { versionCitationStore } from './profiles/version-citation-store.js';
import { VersionRetention } from './profiles/version-retention.js';
import { setAssemblyStore } from './profiles/set-assembly-store.js';
import { createBankConnections } from './bank-connections/bank-connections-module.js';
import { bankCallbackPath } from './lending/bank-sync/callback-routes.js';
import { productStore } from './lending/products/product-store.js';
import { createLending } from './lending/lending-module.js';
import { WorkQueueService } from './work-queues/work-queue-service.js';
import { FEED_CHANNEL } from './national-feed/feed-service.js';
import { UPWARD_RESULTS_CHANNEL } from './national-feed/upward-results.js';
import { createNationalFeed } from './national-feed/national-feed-module.js';
import { createCreditServices } from './credit-services/credit-services-module.js';
import { createPrecredit } from './precredit/precredit-services.js';
import { OversightService } from './oversight/oversight-service.js';
import { alertStore } from './oversight/alert-store.js';
import { oversightStore } from './oversight/oversight-store.js';
import { createGuarantees } from './guarantees/guarantees-module.js';
import { REGISTRY_CHANNEL } from './collateral/real-estate-service.js';
import { createCollateral } from './collateral/collateral-module.js';
import type { GuaranteePort } from './lending/applications/ports.js';
import { NotificationService, SMS_CHANNEL } from './notifications/notification-service.js';
import { notificationStore, smsSentWithinHour } from './notifications/notification-store.js';
import type { Services } from './services-types.js';

export type { Services } from './services-types.js';

export interface ServiceContext {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
}

/**
 * The composition root: builds every service and connects features through the ports they
 * declare. Wiring only: a closure here forwards a call and holds no rule (docs/architecture.md).
 */
export function createServices({ config, database, clock, logger }: ServiceContext): Services {
  const transaction = transactionRunner(database.knex);
  /** Features register a deliverer per outbox channel here, before the relay starts. */
  const deliverers = new Map<string, Deliverer>();
  const metrics = new PlatformMetrics();
  metrics.attach({
    pool: () => database.poolStats(),
    outbox: () => outboxDepth(database.knex, { probeTopics: [WEBHOOK_TEST_TOPIC] }),
    ingestion: () => ingestionTotals(database.knex),
    partitions: () => partitions.state(),
    profiles: () => profiles.backlog(),
  });
  const cipher = new Sm4FieldCipher(config.sm4);
  const egress = new EgressGuard({ policy: new AddressPolicy(config.egress.allowedNetworks), requireHttps: config.egress.requireHttps });
  const smsSimulator = config.sms.gateway === 'simulator' ? new SimulatorSmsGateway(database.knex, clock) : undefined;
  const smsGateway: SmsGateway = smsSimulator ?? new HttpSmsGateway((config.sms.gateway as { url: string }).url, egress, (config.sms.gateway as { token?: string }).token);
  // 已对接 is computed by the bank connections, and a department's categories are kept by
  // ingestion, both built further down: the closures are called later.
  const institutionModule = createInstitutions({
    db: database.knex,
    transaction,
    clock,
    cipher,
    egress,
    statusCacheSeconds: config.sessions.epochCacheSeconds,
    connectedBanks: (tx) => bankConnections.connectedBankIds(tx),
    categories: { categoriesOf: (tx, id) => sourceCategories.categoriesOf(id, tx), setIn: (tx, id, categories) => sourceCategories.setIn(tx, id, categories) },
  });
  const { institutions } = institutionModule;
  // Every password hash and check of the process goes through one gate (gatedPasswordWork).
  const { hashPassword, verifyPassword } = gatedPasswordWork(hashingAt(config.passwordScryptLog2N), checkPassword);
  // Accounts read the enterprise through registration, which verifies mobiles with the accounts'
  // SMS codes: the closures below are only called after both exist.
  const accounts = createAuth({
    config,
    db: database.knex,
    transaction,
    clock,
    logger,
    cipher,
    sms: smsGateway,
    institutions,
    enterpriseView: (tx, id) => registration.get(tx, id),
    enterpriseMobile: (tx, id) => registration.contactMobile(tx, id),
    hashPassword,
    verifyPassword,
  });
  const { registration, marketEntities } = createEnterprises({ db: database.knex, transaction, cipher, accounts: userStore, codes: accounts.smsCodes, hashPassword });
  const notifications = new NotificationService({
    db: database.knex,
    store: notificationStore,
    directory: accounts.recipients,
    enqueue: (tx, m) => outboxStore.enqueue(tx, m),
    sms: smsGateway,
    clock,
    readRetentionMonths: config.partitions.readNotificationMonths,
    smsPerMobilePerHour: config.sms.notificationsPerMobilePerHour,
    smsSentWithinHour,
  });
  deliverers.set(SMS_CHANNEL, notifications.smsDeliverer());
  const outbox = new OutboxAdminService(database.knex, outboxStore, clock, config.partitions.deliveredOutboxMonths, [WEBHOOK_TEST_TOPIC]);
  deliverers.set(WEBHOOK_CHANNEL, institutionModule.webhookDeliverer);
  const outboxRelay = new OutboxRelay({
    db: database.knex,
    store: outboxStore,
    deliverers,
    clock,
    logger,
    pollMs: config.outbox.pollMs,
    leaseMs: config.outbox.leaseSeconds * 1_000,
    backoff: { ...DEFAULT_BACKOFF, baseMs: config.outbox.backoffBaseMs },
    observer: metrics,
  });
  // Profiles read records and the register in SQL through ingestion's record relations, and
  // ingestion marks profiles stale: the closures below are only called after both services exist.
  const profiles: ProfileService = new ProfileService({
    transaction,
    store: profileStore,
    assembly: setAssemblyStore,
    clock,
    logger,
    enterpriseUscc: (tx, enterpriseId) => registration.usccOf(tx, enterpriseId),
    selfReported: (tx, usccs) => creditServices.selfReported.entries(tx, usccs),
    thirdPartyFacts: (tx, usccs) => nationalFeed.thirdParty.factsFor(tx, usccs),
    observer: metrics,
  });
  const ingestionModule = createIngestion({
    config,
    db: database.knex,
    transaction,
    clock,
    profiles,
    bulkLoad: database.kind === 'postgres' ? 'copy' : 'statement',
    parallelWrites: database.kind === 'pglite' ? 1 : config.ingestion.parallelWrites,
  });
  const { ingestion, records: creditRecords, techListings, sources: sourceCategories, calendar } = ingestionModule;
  const { consents, gate: consentGate, grantExpiryNotices, ledger: accessLogLedger } = createConsents({
    config,
    db: database.knex,
    statements: database.statements,
    transaction,
    clock,
    profiles,
    notifications,
    enterprise: (tx, id) => enterpriseStore.findById(tx, id),
    institution: (tx, id) => institutions.findById(tx, id),
    // Lending sits above consents; the call forwards to it, built below.
    monitoredLoan: (tx, applicationId) => lending.monitoredLoan(tx, applicationId),
  });
  const accessLogMonths = config.partitions.retention.accessLogMonths;
  const partitions = new PartitionMaintenance({
    db: database.knex,
    transaction,
    store: partitionStore,
    clock,
    logger,
    monthsAhead: config.partitions.monthsAhead,
    retention: config.partitions.retention,
    retirers: {
      consent_access_log: accessLogLedger,
      ...recordMonthRetirers(new RecordMonthRetirer({ citations: versionCitationStore, clock, accessLogMonths })),
    },
  });
  const recordRetention = new RecordRetention({
    transaction,
    store: recordRetentionStore,
    citations: {
      holdNewVersions: (tx) => versionCitationStore.holdNewVersions(tx),
      citedAmong: (tx, records) => versionCitationStore.citedAmong(tx, records, keptSince(clock, accessLogMonths)),
    },
    clock,
    logger,
    tables: TYPED_TABLES.filter((t) => t.ends !== undefined),
    months: config.partitions.endedRecordMonths,
  });
  const profileVersionRetention = new VersionRetention({ transaction, citations: versionCitationStore, clock, logger, accessLogMonths });
  const { connections: bankConnections, gateway } = createBankConnections({
    config,
    db: database.knex,
    clock,
    logger,
    cipher,
    egress,
    banks: {
      findBank: (tx, id) => institutions.findBank(tx, id),
      findBankByCode: (tx, code) => institutions.findBankByCode(tx, code),
      listBanks: () => institutions.list({ type: 'bank' }),
    },
    callbackPath: bankCallbackPath,
  });
  const usccOf = (tx: DbOrTrx, enterpriseId: string) => registration.usccOf(tx, enterpriseId);
  // Guarantees sit above lending and use its application service; lending reaches them through
  // its port, whose calls forward to the guarantee service built below.
  const applicationGuarantees: GuaranteePort = {
    routeOf: (tx, loanProductId) => guarantees.routeOf(tx, loanProductId),
    open: (tx, application) => guarantees.open(tx, application),
    decideAutomatically: (tx, application, approvedAmount) => guarantees.decideAutomatically(tx, application, approvedAmount),
    followApproval: (tx, application, approvedAmount) => guarantees.followApproval(tx, application, approvedAmount),
    loanSettled: (tx, applicationId) => guarantees.loanSettled(tx, applicationId),
  };
  const lending = createLending({
    config,
    db: database.knex,
    transaction,
    clock,
    logger,
    cipher,
    gateway,
    institutions,
    bankConnections,
    registration,
    marketEntities,
    profiles,
    consents,
    consentGate,
    notifications,
    guarantees: applicationGuarantees,
    usccOf,
  });
  const { products, loanApplications, assignments } = lending;
  deliverers.set('bank_adapter', lending.bankDeliverer);
  const guaranteeModule = createGuarantees({
    db: database.knex,
    transaction,
    clock,
    loanProducts: products,
    usccOf,
    techListings,
    applications: loanApplications,
    loanProductZoneTags: async (tx, loanProductId) => (await productStore.findById(tx, loanProductId))?.zoneTags ?? [],
  });
  const { guarantees } = guaranteeModule;
  const collateral = createCollateral({ db: database.knex, transaction, clock, applications: loanApplications, registrySimulatorStepMs: config.registrySimulatorStepMs });
  deliverers.set(REGISTRY_CHANNEL, collateral.registryDeliverer);
  const nationalFeed = createNationalFeed({ config, db: database.knex, clock, logger, enqueue: (tx, m) => outboxStore.enqueue(tx, m), ingestion, records: creditRecords, sources: sourceCategories, markProfilesStale: async (tx, usccs) => void (await profiles.refresh(tx, usccs, 'third_party')) });
  deliverers.set(FEED_CHANNEL, nationalFeed.feed.deliverer());
  deliverers.set(UPWARD_RESULTS_CHANNEL, nationalFeed.upwardResults);
  const precredit = createPrecredit({
    db: database.knex,
    transaction,
    clock,
    logger,
    profiles,
    gate: consentGate,
    products,
    marketEntities,
    usccOf,
    bulkLoad: database.kind === 'postgres' ? 'copy' : 'statement',
  });
  const oversight = new OversightService({
    db: database.knex,
    readDb: database.readKnex,
    store: oversightStore,
    clock,
    configuredBanks: () => gateway.bankCodes(),
    connectedBanks: () => bankConnections.connectedBankIds(database.knex),
    thresholds: { acceptHours: config.lending.slaAcceptHours, decisionHours: config.lending.slaDecisionHours },
    outbox: outboxStore,
    webhookChannel: WEBHOOK_CHANNEL,
    webhookMaxAttempts: WEBHOOK_MAX_ATTEMPTS,
    alerts: alertStore,
    notifications,
  });
  const creditServices = createCreditServices({
    db: database.knex, clock, gate: consentGate, profiles, records: creditRecords, techListings, registration, institutions, calendar, ingestion, sources: sourceCategories,
    products, marketEntities,
    enqueue: (tx, m) => outboxStore.enqueue(tx, m), objectionAnswerWorkingDays: config.objectionAnswerWorkingDays, notifications,
  });
  return {
    institutionChanges: institutionModule.changes,
    people: accounts.people,
    enterpriseStaff: accounts.enterpriseStaff,
    passwordResets: accounts.passwordResets,
    smsCodes: accounts.smsCodes,
    smsInbox: smsSimulator,
    hashPassword,
    serviceStatus: new ServiceStatusService({
      db: database.knex,
      store: serviceStatusStore,
      connectedBanks: () => institutions.countConnectedBanks(),
    }),
    database,
    tokens: accounts.tokens,
    sessions: accounts.sessions,
    registration,
    auth: accounts.auth,
    institutions,
    marketEntities,
    outbox,
    outboxRelay,
    metrics,
    consents,
    consentGate,
    idempotency: new IdempotencyService({ db: database.knex, store: idempotencyStore, clock }),
    creationBudget: new CreationBudget({ db: database.knex, store: creationBudgetStore, clock, limit: config.enterpriseCreationLimit, refusal: ENTERPRISE_CREATIONS_REFUSAL }),
    institutionCreationBudget: new CreationBudget({
      db: database.knex,
      store: institutionCreationBudgetStore,
      clock,
      limit: config.institutionCreationLimit,
      refusal: INSTITUTION_CREATIONS_REFUSAL,
    }),
    partitions,
    recordRetention,
    profileVersionRetention,
    clientCredentials: accounts.clientCredentials,
    institutionWebhooks: institutionModule.webhooks,
    bankConnections,
    ingestion,
    creditRecords,
    register: ingestionModule.register,
    calendar,
    uploadGate: ingestionModule.uploadGate,
    sourceCategories,
    batchRecovery: ingestionModule.recovery,
    profiles,
    products,
    loanApplications,
    bankSync: lending.bankSync,
    demands: lending.demands,
    lendingSla: lending.sla,
    assignments,
    dialogue: lending.dialogue,
    workQueues: new WorkQueueService({
      clock,
      lending: lending.queue,
      assignments,
      guarantees,
      consents,
      whitelist: precredit.whitelist,
      oversight,
    }),
    nationalFeed,
    precredit,
    oversight,
    creditServices,
    guaranteeProducts: guaranteeModule.products,
    guarantees,
    realEstateMortgages: collateral.realEstateMortgages,
    realEstateRegistry: collateral.registry,
    guaranteeLetters: guaranteeModule.letters,
    compensations: guaranteeModule.compensations,
    guaranteeReports: guaranteeModule.reports,
    collateral: collateral.movables,
    notifications,
    grantExpiryNotices,
  };
}
