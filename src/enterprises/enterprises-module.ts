import type { Db } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import { EnterpriseRegistrationService, type RegistrationDeps } from './enterprise-registration-service.js';
import { enterpriseStore } from './enterprise-store.js';
import { MarketEntityService } from './market-entity-service.js';
import { marketEntityStore } from './market-entity-store.js';

export interface EnterprisesModule {
  registration: EnterpriseRegistrationService;
  /** The market-entity register (市场主体登记) lookups. */
  marketEntities: MarketEntityService;
}

export interface EnterprisesContext {
  db: Db;
  transaction: TransactionRunner;
  cipher: RegistrationDeps['cipher'];
  /** The accounts (auth, a floor up) write the legal representative's account. */
  accounts: RegistrationDeps['users'];
  codes: RegistrationDeps['codes'];
  hashPassword: RegistrationDeps['hashPassword'];
}

/** The enterprises' composition (注册 and the market-entity register): built once by src/services.ts. */
export function createEnterprises({ db, transaction, cipher, accounts, codes, hashPassword }: EnterprisesContext): EnterprisesModule {
  return {
    registration: new EnterpriseRegistrationService({ transaction, marketEntities: marketEntityStore, enterprises: enterpriseStore, users: accounts, cipher, codes, hashPassword }),
    marketEntities: new MarketEntityService(db, marketEntityStore),
  };
}
