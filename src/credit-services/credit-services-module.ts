import type { ConsentGate } from '../consents/consent-gate.js';
import type { Db, DbOrTrx } from '../db/database.js';
import { transactionRunner } from '../db/transaction.js';
import type { EnterpriseRegistrationService } from '../enterprises/enterprise-registration-service.js';
import type { IngestionService } from '../ingestion/batches/ingestion-service.js';
import type { CreditRecordService } from '../ingestion/records/record-service.js';
import type { TechListingService } from '../ingestion/records/tech-listings.js';
import type { SourceCategoryService } from '../ingestion/sources/source-categories.js';
import type { InstitutionService } from '../institutions/institution-service.js';
import type { MarketEntityService } from '../enterprises/market-entity-service.js';
import type { ProductService } from '../lending/products/product-service.js';
import type { Clock } from '../platform/clock.js';
import type { CalendarService } from '../ingestion/calendar/calendar-service.js';
import type { NewOutboxMessage } from '../platform/outbox/outbox-message.js';
import type { ProfileService } from '../profiles/profile-service.js';
import type { NotificationService } from '../notifications/notification-service.js';
import { CommitmentService } from './commitments/commitment-service.js';
import { commitmentStore } from './commitments/commitment-store.js';
import { KnowledgeService } from './knowledge/knowledge-service.js';
import { knowledgeStore } from './knowledge/knowledge-store.js';
import { ObjectionService } from './objections/objection-service.js';
import { QaService } from './qa/qa-service.js';
import { qaStore } from './qa/qa-store.js';
import { ZoneService } from './zones/zone-service.js';
import { zoneStore } from './zones/zone-store.js';
import { SelfReportedService } from './self-reported/self-reported-service.js';
import { selfReportedStore } from './self-reported/self-reported-store.js';
import { objectionStore } from './objections/objection-store.js';
import { ReportService } from './reports/report-service.js';
import { reportStore } from './reports/report-store.js';

export interface CreditServicesContext {
  db: Db;
  clock: Clock;
  gate: ConsentGate;
  profiles: ProfileService;
  records: CreditRecordService;
  techListings: TechListingService;
  registration: EnterpriseRegistrationService;
  institutions: InstitutionService;
  calendar: CalendarService;
  ingestion: IngestionService;
  sources: SourceCategoryService;
  products: ProductService;
  marketEntities: MarketEntityService;
  enqueue(tx: DbOrTrx, message: NewOutboxMessage): Promise<void>;
  objectionAnswerWorkingDays: number;
  notifications: NotificationService;
}

/** 企业信用服务: the services of the credit-services feature, one per sub-capability. */
export interface CreditServicesModule {
  reports: ReportService;
  objections: ObjectionService;
  selfReported: SelfReportedService;
  commitments: CommitmentService;
  zones: ZoneService;
  knowledge: KnowledgeService;
  qa: QaService;
}

/** Wiring only: connects each sub-capability to the features it reads. */
export function createCreditServices(context: CreditServicesContext): CreditServicesModule {
  const { db, clock, gate, profiles, records, registration, institutions, calendar } = context;
  const transaction = transactionRunner(db);
  const reports = new ReportService({
    transaction,
    store: reportStore,
    clock,
    gate,
    profileIn: (tx, uscc, scopes) => profiles.profileIn(tx, uscc, scopes),
    leftOutRecords: (tx, uscc) => records.leftOutRecords(tx, uscc),
    enterpriseById: (tx, id) => registration.summary(tx, id),
    enterpriseByUscc: (tx, uscc) => registration.summaryByUscc(tx, uscc),
    institutionName: async (tx, id) => (await institutions.findById(tx, id))?.name,
    districtNames: async () => new Map((await context.marketEntities.districts()).map((d) => [d.code, d.name])),
  });
  const objections = new ObjectionService({
    transaction,
    store: objectionStore,
    clock,
    answerWorkingDays: context.objectionAnswerWorkingDays,
    enqueue: (tx, message) => context.enqueue(tx, message),
    enterpriseUscc: (tx, id) => registration.usccOf(tx, id),
    findRecord: (tx, category, key) => records.findRecord(tx, category, key),
    setDisputed: (tx, record, disputed) => records.setDisputed(tx, record, disputed),
    applyNotice: (tx, principal, input) => records.applyNoticeWithin(tx, principal, input),
    addWorkingDays: (tx, day, n) => calendar.addWorkingDays(tx, day, n),
  });
  const selfReported = new SelfReportedService({
    transaction,
    store: selfReportedStore,
    clock,
    enterpriseUscc: (tx, id) => registration.usccOf(tx, id),
    markProfileStale: async (tx, usccs) => void (await profiles.refresh(tx, usccs, 'self_reported')),
  });
  const commitments = new CommitmentService({
    transaction,
    store: commitmentStore,
    clock,
    institution: (tx, id) => institutions.findById(tx, id),
    assertMayDeliver: (institutionId, category) => context.sources.assertMayDeliver(institutionId, category),
    ingest: (request) => context.ingestion.ingest(request),
    enterpriseUscc: (tx, id) => registration.usccOf(tx, id),
  });
  const zones = new ZoneService({
    transaction,
    store: zoneStore,
    clock,
    taggedProducts: (viewer, zone) => context.products.browse(viewer, { zoneTag: zone }),
    product: (id) => context.products.get(id),
    registerEntry: (uscc) => context.marketEntities.lookup(uscc),
    enterpriseUscc: (tx, id) => registration.usccOf(tx, id),
    techLists: (tx, uscc, asOf) => context.techListings.currentLists(tx, uscc, asOf),
  });
  const knowledge = new KnowledgeService({ transaction, store: knowledgeStore, clock });
  const qa = new QaService({ transaction, store: qaStore, clock, notifications: context.notifications });
  return { reports, objections, selfReported, commitments, zones, knowledge, qa };
}
