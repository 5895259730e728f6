import type { Db } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { Clock } from '../platform/clock.js';
import { outboxStore } from '../platform/outbox/outbox-store.js';
import { CompensationService } from './compensation-service.js';
import { compensationStore } from './compensation-store.js';
import { GuaranteeLetterService, type GuaranteeLetterServiceDeps } from './guarantee-letter-service.js';
import { guaranteeLetterStore } from './guarantee-letter-store.js';
import { GuaranteeProductService, type GuaranteeProductServiceDeps } from './guarantee-product-service.js';
import { guaranteeProductStore } from './guarantee-product-store.js';
import { GuaranteeReportService } from './guarantee-report.js';
import { guaranteeReportStore } from './guarantee-report-store.js';
import { GuaranteeService, type GuaranteeServiceDeps } from './guarantee-service.js';
import { guaranteeStore } from './guarantee-store.js';

export interface GuaranteesModule {
  products: GuaranteeProductService;
  guarantees: GuaranteeService;
  letters: GuaranteeLetterService;
  compensations: CompensationService;
  reports: GuaranteeReportService;
}

export interface GuaranteesContext {
  db: Db;
  transaction: TransactionRunner;
  clock: Clock;
  loanProducts: GuaranteeProductServiceDeps['loanProducts'];
  usccOf: GuaranteeProductServiceDeps['usccOf'];
  techListings: GuaranteeProductServiceDeps['techListings'];
  applications: GuaranteeServiceDeps['applications'] & GuaranteeLetterServiceDeps['applications'];
  /** Read from lending's products (src/services.ts holds the store). */
  loanProductZoneTags: GuaranteeServiceDeps['loanProductZoneTags'];
}

/** The guarantee companies' composition (products, guarantees, letters, 代偿, monthly reports): built once by src/services.ts. */
export function createGuarantees({ db, transaction, clock, loanProducts, usccOf, techListings, applications, loanProductZoneTags }: GuaranteesContext): GuaranteesModule {
  const products = new GuaranteeProductService({ db, transaction, store: guaranteeProductStore, loanProducts, usccOf, techListings, clock });
  const guarantees = new GuaranteeService({ db, transaction, store: guaranteeStore, products, applications, outbox: outboxStore, clock, loanProductZoneTags });
  return {
    products,
    guarantees,
    letters: new GuaranteeLetterService({ db, store: guaranteeStore, letters: guaranteeLetterStore, guarantees, applications }),
    compensations: new CompensationService({ db, transaction, store: compensationStore, guaranteeRows: guaranteeStore, guarantees, products, clock }),
    reports: new GuaranteeReportService({ db, store: guaranteeReportStore }),
  };
}
