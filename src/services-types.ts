import type { AuthService } from './auth/auth-service.js';
import type { ClientCredentialService } from './auth/client-credential-service.js';
import type { EnterpriseStaffService } from './auth/enterprise-staff/enterprise-staff-service.js';
import type { PeopleService } from './auth/people/people-service.js';
import type { PasswordResetService } from './auth/recovery/password-reset-service.js';
import type { SessionService } from './auth/session-service.js';
import type { TokenService } from './auth/token-service.js';
import type { HashPassword } from './platform/password.js';
import type { BankConnectionService } from './bank-connections/bank-connection-service.js';
import type { CollateralService } from './collateral/collateral-service.js';
import type { RealEstateRegistrySimulator } from './collateral/real-estate-registry-simulator.js';
import type { RealEstateService } from './collateral/real-estate-service.js';
import type { ConsentGate } from './consents/consent-gate.js';
import type { ConsentService } from './consents/consent-service.js';
import type { GrantExpiryNotices } from './consents/grant-expiry-notices.js';
import type { CreditServicesModule } from './credit-services/credit-services-module.js';
import type { Database } from './db/database.js';
import type { EnterpriseRegistrationService } from './enterprises/enterprise-registration-service.js';
import type { MarketEntityService } from './enterprises/market-entity-service.js';
import type { CompensationService } from './guarantees/compensation-service.js';
import type { GuaranteeLetterService } from './guarantees/guarantee-letter-service.js';
import type { GuaranteeProductService } from './guarantees/guarantee-product-service.js';
import type { GuaranteeReportService } from './guarantees/guarantee-report.js';
import type { GuaranteeService } from './guarantees/guarantee-service.js';
import type { BatchRecovery } from './ingestion/batches/batch-recovery.js';
import type { IngestionService } from './ingestion/batches/ingestion-service.js';
import type { UploadGate } from './ingestion/batches/upload-gate.js';
import type { CalendarService } from './ingestion/calendar/calendar-service.js';
import type { CreditRecordService } from './ingestion/records/record-service.js';
import type { RegisterService } from './ingestion/register/register-service.js';
import type { SourceCategoryService } from './ingestion/sources/source-categories.js';
import type { InstitutionChangeService } from './institutions/institution-change-service.js';
import type { InstitutionService } from './institutions/institution-service.js';
import type { InstitutionWebhookService } from './institutions/institution-webhook-service.js';
import type { LoanApplicationService } from './lending/applications/application-service.js';
import type { AssignmentService } from './lending/assignment/assignment-service.js';
import type { BankSyncService } from './lending/bank-sync/bank-sync-service.js';
import type { DemandService } from './lending/demands/demand-service.js';
import type { DialogueService } from './lending/dialogue/dialogue-service.js';
import type { ProductService } from './lending/products/product-service.js';
import type { SlaService } from './lending/sla/sla-service.js';
import type { NationalFeedModule } from './national-feed/national-feed-module.js';
import type { NotificationService } from './notifications/notification-service.js';
import type { OutboxAdminService } from './outbox-admin/outbox-admin-service.js';
import type { OversightService } from './oversight/oversight-service.js';
import type { IdempotencyService } from './platform/idempotency/idempotency-service.js';
import type { CreationBudget } from './platform/creation-budget/creation-budget.js';
import type { PlatformMetrics } from './platform/metrics/platform-metrics.js';
import type { PartitionMaintenance } from './platform/partitions/partition-maintenance.js';
import type { VersionRetention } from './profiles/version-retention.js';
import type { RecordRetention } from './ingestion/records/record-retention-service.js';
import type { OutboxRelay } from './platform/outbox/outbox-relay.js';
import type { SmsCodeService } from './platform/sms/sms-code-service.js';
import type { SmsInbox } from './platform/sms/sms-gateway.js';
import type { Precredit } from './precredit/precredit-services.js';
import type { ProfileService } from './profiles/profile-service.js';
import type { ServiceStatusService } from './service-status/service-status-service.js';
import type { WorkQueueService } from './work-queues/work-queue-service.js';

/** What the composition root (src/services.ts) builds: every service, once, from config and db. */
export interface Services {
  readonly database: Database;
  readonly tokens: TokenService;
  readonly sessions: SessionService;
  readonly registration: EnterpriseRegistrationService;
  readonly auth: AuthService;
  readonly institutions: InstitutionService;
  readonly marketEntities: MarketEntityService;
  readonly outbox: OutboxAdminService;
  readonly outboxRelay: OutboxRelay;
  /** This instance's Prometheus metrics (`/metrics`). */
  readonly metrics: PlatformMetrics;
  readonly ingestion: IngestionService;
  readonly creditRecords: CreditRecordService;
  readonly register: RegisterService;
  readonly calendar: CalendarService;
  readonly uploadGate: UploadGate;
  readonly sourceCategories: SourceCategoryService;
  readonly batchRecovery: BatchRecovery;
  readonly profiles: ProfileService;
  readonly consents: ConsentService;
  readonly consentGate: ConsentGate;
  readonly idempotency: IdempotencyService;
  /** What each enterprise created lately (answers 201), limited per window (decision 0049). */
  readonly creationBudget: CreationBudget;
  /** What each lending institution (its people and machine clients) created lately, limited per window (decision 0057). */
  readonly institutionCreationBudget: CreationBudget;
  /** Monthly partitions: created ahead and retired by retention (the `maintain-partitions` job). */
  readonly partitions: PartitionMaintenance;
  /** Retention of the record categories not partitioned by month (the `purge-ended-records` job). */
  readonly recordRetention: RecordRetention;
  readonly profileVersionRetention: VersionRetention;
  readonly clientCredentials: ClientCredentialService;
  readonly institutionWebhooks: InstitutionWebhookService;
  readonly bankConnections: BankConnectionService;
  readonly products: ProductService;
  readonly loanApplications: LoanApplicationService;
  readonly bankSync: BankSyncService;
  readonly demands: DemandService;
  readonly lendingSla: SlaService;
  readonly assignments: AssignmentService;
  readonly dialogue: DialogueService;
  readonly workQueues: WorkQueueService;
  readonly nationalFeed: NationalFeedModule;
  readonly precredit: Precredit;
  readonly oversight: OversightService;
  readonly institutionChanges: InstitutionChangeService;
  readonly people: PeopleService;
  readonly enterpriseStaff: EnterpriseStaffService;
  readonly passwordResets: PasswordResetService;
  readonly smsCodes: SmsCodeService;
  /** The SMS simulator's messages (开发收件箱); undefined when a real gateway is configured. */
  readonly smsInbox: SmsInbox | undefined;
  /** Hashes a new password at the configured scrypt cost (the demo seed's accounts too). */
  readonly hashPassword: HashPassword;
  readonly serviceStatus: ServiceStatusService;
  readonly creditServices: CreditServicesModule;
  readonly guaranteeProducts: GuaranteeProductService;
  readonly guarantees: GuaranteeService;
  readonly guaranteeLetters: GuaranteeLetterService;
  readonly realEstateMortgages: RealEstateService;
  /** The 不动产登记中心 the platform talks to: the simulator until a registry's adapter is configured. */
  readonly realEstateRegistry: RealEstateRegistrySimulator;
  readonly compensations: CompensationService;
  readonly guaranteeReports: GuaranteeReportService;
  readonly collateral: CollateralService;
  readonly notifications: NotificationService;
  readonly grantExpiryNotices: GrantExpiryNotices;
}
