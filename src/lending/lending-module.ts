import type { BankGateway } from '../../bank-adapters/gateway.js';
import type { BankConnectionService } from '../bank-connections/bank-connection-service.js';
import type { Config } from '../config.js';
import type { ConsentGate } from '../consents/consent-gate.js';
import type { ConsentService } from '../consents/consent-service.js';
import type { Db, DbOrTrx } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { EnterpriseRegistrationService } from '../enterprises/enterprise-registration-service.js';
import type { MarketEntityService } from '../enterprises/market-entity-service.js';
import type { InstitutionService } from '../institutions/institution-service.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Sm4FieldCipher } from '../platform/national-crypto.js';
import type { Deliverer } from '../platform/outbox/outbox-message.js';
import { outboxStore } from '../platform/outbox/outbox-store.js';
import type { ProfileService } from '../profiles/profile-service.js';
import { applicationNotices } from './applications/application-notices.js';
import { LoanApplicationService } from './applications/application-service.js';
import { ApplicationStateMachine, BANK_ADAPTER_CHANNEL } from './applications/application-state-machine.js';
import { BankAccess } from './applications/bank-access.js';
import { applicationStore } from './applications/application-store.js';
import { caseFileStore } from './applications/case-file-store.js';
import { consentGatePort } from './applications/consent-gate-port.js';
import type { GuaranteePort } from './applications/ports.js';
import { AssignmentService } from './assignment/assignment-service.js';
import { assignmentStore } from './assignment/assignment-store.js';
import type { BankDirectory } from './bank-directory.js';
import { bankAdapterDeliverer } from './bank-sync/bank-delivery.js';
import { bankCallbackStore } from './bank-sync/bank-callback-store.js';
import { BankSyncService } from './bank-sync/bank-sync-service.js';
import { DemandService } from './demands/demand-service.js';
import { demandStore } from './demands/demand-store.js';
import { DialogueService } from './dialogue/dialogue-service.js';
import { dialogueStore } from './dialogue/dialogue-store.js';
import { monitoredLoans } from './applications/monitored-loans.js';
import { refusalNotices } from './bank-sync/refusal-notices.js';
import { ProductService } from './products/product-service.js';
import { productNotices } from './products/product-notices.js';
import { productStore } from './products/product-store.js';
import { productReviewStore } from './products/product-review-store.js';
import { profileIndicatorPort } from './products/profile-indicator-port.js';
import { registerIndicatorPort } from './products/register-indicator-port.js';
import { SlaService } from './sla/sla-service.js';
import { slaStore } from './sla/sla-store.js';
import { LendingQueueService } from './work-queue/lending-queue-service.js';
import { lendingQueueStore } from './work-queue/lending-queue-store.js';

export interface LendingModule {
  products: ProductService;
  loanApplications: LoanApplicationService;
  assignments: AssignmentService;
  dialogue: DialogueService;
  bankSync: BankSyncService;
  demands: DemandService;
  sla: SlaService;
  /** The lending part of the officers' work queues. */
  queue: LendingQueueService;
  /** The outbox deliverer of the `bank_adapter` channel: applications to the banks' systems. */
  bankDeliverer: Deliverer;
  /** The loan a 贷后监测 grant names (consents' port). */
  monitoredLoan: ReturnType<typeof monitoredLoans>;
}

export interface LendingContext {
  config: Config;
  db: Db;
  transaction: TransactionRunner;
  clock: Clock;
  logger: Logger;
  cipher: Sm4FieldCipher;
  gateway: BankGateway;
  institutions: InstitutionService;
  bankConnections: BankConnectionService;
  registration: EnterpriseRegistrationService;
  marketEntities: MarketEntityService;
  profiles: ProfileService;
  consents: ConsentService;
  consentGate: ConsentGate;
  notifications: NotificationService;
  /** Guarantees sit above lending: the port forwards to them (wired by src/services.ts). */
  guarantees: GuaranteePort;
  usccOf(tx: DbOrTrx, enterpriseId: string): Promise<string>;
}

/** The lending feature's composition (products, applications and their sub-capabilities): built once by src/services.ts. */
export function createLending(deps: LendingContext): LendingModule {
  const { config, db, transaction, clock, logger, cipher, gateway, institutions, registration, usccOf } = deps;
  // Looked up inside the caller's transaction: a second connection per request could exhaust the pool.
  const banks: BankDirectory = {
    findById: (tx, id) => institutions.findBank(tx, id),
    findByCode: (tx, code) => institutions.findBankByCode(tx, code),
    hasAdapter: (tx, code) => deps.bankConnections.isConfigured(tx, code),
  };
  const indicators = profileIndicatorPort({
    register: registerIndicatorPort({ usccOf, lookup: (uscc) => deps.marketEntities.lookup(uscc), clock }),
    profiles: deps.profiles,
    usccOf,
  });
  const consents = consentGatePort({ consents: deps.consents, gate: deps.consentGate, usccOf, now: () => clock.now() });
  const products = new ProductService({ db, products: productStore, reviews: productReviewStore, indicators, observer: productNotices(deps.notifications), clock });
  const machine = new ApplicationStateMachine({
    db,
    applications: applicationStore,
    products: productStore,
    outbox: outboxStore,
    consents,
    guarantees: deps.guarantees,
    banks,
    enterprises: registration,
    clock,
    consentValidityDays: config.lending.consentValidityDays,
    observer: applicationNotices({ notifications: deps.notifications, banks, enterprises: registration }),
  });
  const access = new BankAccess({ applications: applicationStore, institutions, assignmentOf: (tx, id) => assignmentStore.find(tx, id) });
  const loanApplications = new LoanApplicationService({
    db,
    transaction,
    applications: applicationStore,
    products: productStore,
    machine,
    consents,
    enterprises: registration,
    access,
    caseFiles: caseFileStore,
    cipher,
    clock,
    expireDays: config.lending.expireDays,
  });
  const assignments = new AssignmentService({ db, transaction, applications: applicationStore, store: assignmentStore, access, clock });
  const dialogue = new DialogueService({ db, transaction, applications: applicationStore, machine, store: dialogueStore, assignments: assignmentStore, access, cipher, outbox: outboxStore, clock });
  const bankSync = new BankSyncService({
    db,
    transaction,
    gateway,
    callbacks: bankCallbackStore,
    applications: applicationStore,
    machine,
    banks,
    clock,
    logger,
    pollSilentMinutes: config.lending.pollSilentMinutes,
    rejectionLimit: config.lending.callbackRejectionLimit,
    notices: refusalNotices(deps.notifications),
  });
  const demands = new DemandService({ db, transaction, demands: demandStore, applications: loanApplications, clock });
  const sla = new SlaService(db, slaStore, clock, { acceptHours: config.lending.slaAcceptHours, decisionHours: config.lending.slaDecisionHours });
  return {
    products,
    loanApplications,
    assignments,
    dialogue,
    bankSync,
    demands,
    sla,
    queue: new LendingQueueService({ db, store: lendingQueueStore, access }),
    bankDeliverer: bankAdapterDeliverer(gateway, machine, {
      stillToDeliver: async (bankCode, key) => (await outboxStore.findByKey(db, { channel: BANK_ADAPTER_CHANNEL, target: bankCode }, key))?.status === 'pending',
    }),
    monitoredLoan: monitoredLoans(applicationStore, deps.guarantees),
  };
}
