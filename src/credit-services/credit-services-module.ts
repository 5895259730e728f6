import type { ConsentGate } from '../consents/consent-gate.js';
import type { Db } from '../db/database.js';
import { transactionRunner } from '../db/transaction.js';
import type { EnterpriseRegistrationService } from '../enterprises/enterprise-registration-service.js';
import type { CreditRecordService } from '../ingestion/records/record-service.js';
import type { InstitutionService } from '../institutions/institution-service.js';
import type { Clock } from '../platform/clock.js';
import type { ProfileService } from '../profiles/profile-service.js';
import { ReportService } from './reports/report-service.js';
import { reportStore } from './reports/report-store.js';

export interface CreditServicesContext {
  db: Db;
  clock: Clock;
  gate: ConsentGate;
  profiles: ProfileService;
  records: CreditRecordService;
  registration: EnterpriseRegistrationService;
  institutions: InstitutionService;
}

/** 企业信用服务: the services of the credit-services feature, one per sub-capability. */
export interface CreditServicesModule {
  reports: ReportService;
}

/** Wiring only: connects each sub-capability to the features it reads. */
export function createCreditServices({ db, clock, gate, profiles, records, registration, institutions }: CreditServicesContext): CreditServicesModule {
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
  });
  return { reports };
}
