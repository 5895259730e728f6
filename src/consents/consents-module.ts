import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { StatementPool } from '../db/statement-pool.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { Clock } from '../platform/clock.js';
import { outboxStore } from '../platform/outbox/outbox-store.js';
import type { ProfileService } from '../profiles/profile-service.js';
import { accessLogAnchorStore } from './access-log-anchor-store.js';
import { AccessLogLedger } from './access-log-ledger.js';
import { accessLogStore } from './access-log-store.js';
import { ConsentGate } from './consent-gate.js';
import { ConsentService, type ConsentDeps } from './consent-service.js';
import { consentStore } from './consent-store.js';
import { expiringGrantStore } from './expiring-grant-store.js';
import { GrantExpiryNotices } from './grant-expiry-notices.js';
import { profileDataSource } from './profile-data-source.js';
import { refusedReadStore } from './refused-read-store.js';

export interface ConsentsModule {
  consents: ConsentService;
  /** The one holder of the enterprise data source: every institution read goes through it. */
  gate: ConsentGate;
  grantExpiryNotices: GrantExpiryNotices;
  /** The access log's chain over its partitions; retention's hook for `consent_access_log`. */
  ledger: AccessLogLedger;
}

export interface ConsentsContext {
  config: Config;
  db: Db;
  statements: StatementPool;
  transaction: TransactionRunner;
  clock: Clock;
  profiles: ProfileService;
  notifications: NotificationService;
  /** Read from the enterprises' store (src/services.ts holds it). */
  enterprise: ConsentDeps['enterprise'];
  institution: ConsentDeps['institution'];
  monitoredLoan: ConsentDeps['monitoredLoan'];
}

/** The consents' composition (grants, the consent gate, expiry notices): built once by src/services.ts. */
export function createConsents({ config, db, statements, transaction, clock, profiles, notifications, enterprise, institution, monitoredLoan }: ConsentsContext): ConsentsModule {
  const ledger = new AccessLogLedger({ db, transaction, accessLog: accessLogStore, anchors: accessLogAnchorStore, clock });
  return {
    ledger,
    consents: new ConsentService({
      db,
      transaction,
      consents: consentStore,
      accessLog: accessLogStore,
      refusals: refusedReadStore,
      ledger,
      outbox: outboxStore,
      clock,
      platformKeys: config.platformSm2,
      enterprise,
      institution,
      monitoredLoan,
    }),
    gate: new ConsentGate({
      db,
      statements,
      accessLog: accessLogStore,
      refusals: refusedReadStore,
      refusalLimit: config.refusedReadLimits,
      source: profileDataSource(profiles),
      clock,
    }),
    grantExpiryNotices: new GrantExpiryNotices({ db, store: expiringGrantStore, notifications, clock }),
  };
}
