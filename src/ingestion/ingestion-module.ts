import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { Clock } from '../platform/clock.js';
import { BatchRecovery } from './batches/batch-recovery.js';
import { batchStore } from './batches/batch-store.js';
import { IngestionService } from './batches/ingestion-service.js';
import { UploadGate } from './batches/upload-gate.js';
import { CalendarService } from './calendar/calendar-service.js';
import { calendarStore } from './calendar/calendar-store.js';
import { createCreditRecordStore } from './records/credit-record-store.js';
import type { ProfilePort } from './records/profile-port.js';
import { CreditRecordService } from './records/record-service.js';
import type { BulkLoad } from './records/typed-record-table.js';
import { TechListingService } from './records/tech-listings.js';
import { RegisterService } from './register/register-service.js';
import { registerStore } from './register/register-store.js';
import { SourceCategoryService } from './sources/source-categories.js';
import { sourceCategoryStore } from './sources/source-category-store.js';

export interface IngestionModule {
  ingestion: IngestionService;
  records: CreditRecordService;
  techListings: TechListingService;
  register: RegisterService;
  sources: SourceCategoryService;
  recovery: BatchRecovery;
  calendar: CalendarService;
  uploadGate: UploadGate;
}

export interface IngestionContext {
  config: Config;
  db: Db;
  transaction: TransactionRunner;
  clock: Clock;
  /** Profiles sit above ingestion: src/services.ts passes the profile service in as the port. */
  profiles: ProfilePort;
  bulkLoad: BulkLoad;
  parallelWrites: number;
}

/** The ingestion feature's composition (batches, records, the register, sources, calendar): built once by src/services.ts. */
export function createIngestion({ config, db, transaction, clock, profiles, bulkLoad, parallelWrites }: IngestionContext): IngestionModule {
  const recordStore = createCreditRecordStore(bulkLoad);
  const records = new CreditRecordService({ transaction, records: recordStore, profiles, clock });
  const sources = new SourceCategoryService({ db, transaction, store: sourceCategoryStore });
  const recovery = new BatchRecovery({ db, transaction, batches: batchStore, records: recordStore, profiles, clock, staleSeconds: config.ingestion.staleBatchSeconds });
  const ingestion = new IngestionService({
    db,
    transaction,
    batches: batchStore,
    records: recordStore,
    sources,
    recovery,
    calendar: calendarStore,
    register: registerStore,
    profiles,
    clock,
    chunkSize: config.ingestion.chunkSize,
    maxUploadBytes: config.ingestion.maxUploadMb * 1_048_576,
    parallelWrites,
  });
  return {
    ingestion,
    records,
    techListings: new TechListingService(records),
    register: new RegisterService({ db, register: registerStore }),
    sources,
    recovery,
    calendar: new CalendarService({ db, transaction, calendar: calendarStore }),
    uploadGate: new UploadGate(config.ingestion.uploads),
  };
}
